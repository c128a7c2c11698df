using Ardalis.Result;
using Gastown.Application.Common.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Web.Http;

/// <summary>
/// The one place a <see cref="Result"/> becomes an HTTP answer. Expected failures are statuses, never exceptions:
/// Invalid → 400 (problem details naming each field), Unauthorized → 401, Forbidden → 403, NotFound → 404,
/// Conflict → 409, Unavailable → 503. A <see cref="Page{T}"/> answers its items as a JSON array with the next
/// cursor in the <c>X-Next-Cursor</c> header.
/// </summary>
public static class ResultHttp
{
    public const string NextCursorHeader = "X-Next-Cursor";

    public static IActionResult ToHttp<T>(this Result<T> result, ControllerBase controller, int successStatus = StatusCodes.Status200OK)
    {
        switch (result.Status)
        {
            case ResultStatus.Ok:
            case ResultStatus.Created:
                var status = result.Status == ResultStatus.Created ? StatusCodes.Status201Created : successStatus;
                return new ObjectResult(Body(result.Value, controller)) { StatusCode = status };
            case ResultStatus.NoContent:
                return new NoContentResult();
            case ResultStatus.Invalid:
                return ValidationProblem(result, controller);
            default:
                var (code, title) = Failure(result.Status);
                return controller.Problem(statusCode: code, title: title, detail: string.Join(" ", result.Errors));
        }
    }

    private static object? Body<T>(T value, ControllerBase controller)
    {
        if (value is not IPage page) return value;
        if (page.Cursor is { } cursor) controller.Response.Headers[NextCursorHeader] = cursor;
        return page.ItemsObject;
    }

    private static IActionResult ValidationProblem(Ardalis.Result.IResult result, ControllerBase controller)
    {
        foreach (var error in result.ValidationErrors)
            controller.ModelState.AddModelError(error.Identifier ?? "", error.ErrorMessage);
        return controller.ValidationProblem(controller.ModelState);
    }

    private static (int Code, string Title) Failure(ResultStatus status) => status switch
    {
        ResultStatus.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized"),
        ResultStatus.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
        ResultStatus.NotFound => (StatusCodes.Status404NotFound, "Not found"),
        ResultStatus.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
        ResultStatus.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Unavailable"),
        _ => (StatusCodes.Status500InternalServerError, "Server error"),
    };
}
