using Ardalis.Result;
using Gastown.Application.Common.Paging;

namespace Gastown.Web.Http;

/// <summary>
/// The one place a <see cref="Result"/> becomes an HTTP answer. Expected failures are statuses, never exceptions:
/// Invalid → 400 (validation problem details naming each field), Unauthorized → 401, Forbidden → 403, NotFound → 404,
/// Conflict → 409, Unavailable → 503 (problem details). A <see cref="Page{T}"/> answers its items as a JSON array
/// with the next cursor in the <c>X-Next-Cursor</c> header. Each action declares the statuses it can produce with
/// <see cref="ProducesResponseTypeAttribute"/> and <see cref="ProblemResponseAttribute"/>, so the OpenAPI document
/// names them; the contract test holds the two together.
/// </summary>
public static class ResultHttp
{
    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>Ok → <paramref name="successStatus"/> (200 unless told), Created → 201, NoContent → 204.</summary>
    public static ActionResult<T> ToHttp<T>(this Result<T> result, ControllerBase controller, int successStatus = StatusCodes.Status200OK) =>
        result.Status switch
        {
            ResultStatus.Ok => new ObjectResult(result.Value) { StatusCode = successStatus },
            ResultStatus.Created => new ObjectResult(result.Value) { StatusCode = StatusCodes.Status201Created },
            ResultStatus.NoContent => new NoContentResult(),
            _ => Failure(result, controller),
        };

    /// <summary>As above, and a 201 names where the created resource is read (its <c>Location</c>).</summary>
    public static ActionResult<T> ToHttp<T>(this Result<T> result, ControllerBase controller, Func<T, string> location) =>
        result.Status == ResultStatus.Created
            ? new CreatedResult(location(result.Value), result.Value)
            : result.ToHttp(controller);

    /// <summary>A result with no value (a delete): success → 204 No Content.</summary>
    public static ActionResult ToHttp(this Result result, ControllerBase controller) =>
        result.IsSuccess ? new NoContentResult() : Failure(result, controller);

    /// <summary>A page: its items as the body, the next page's cursor (if any) in <see cref="NextCursorHeader"/>.</summary>
    public static ActionResult<IReadOnlyList<T>> ToHttp<T>(this Result<Page<T>> result, ControllerBase controller)
    {
        if (!result.IsSuccess) return Failure(result, controller);
        if (result.Value.NextCursor is { } cursor) controller.Response.Headers[NextCursorHeader] = cursor;
        return new ObjectResult(result.Value.Items) { StatusCode = StatusCodes.Status200OK };
    }

    private static ActionResult Failure(Ardalis.Result.IResult result, ControllerBase controller)
    {
        if (result.Status == ResultStatus.Invalid)
        {
            foreach (var error in result.ValidationErrors)
                controller.ModelState.AddModelError(error.Identifier ?? "", error.ErrorMessage);
            return (ActionResult)controller.ValidationProblem(controller.ModelState);
        }
        var (code, title) = result.Status switch
        {
            ResultStatus.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized"),
            ResultStatus.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            ResultStatus.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            ResultStatus.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            ResultStatus.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Unavailable"),
            // A status no handler should answer (Error, CriticalError): a bug, so a 500 the logs will show.
            _ => (StatusCodes.Status500InternalServerError, "Server error"),
        };
        return controller.Problem(statusCode: code, title: title, detail: string.Join(" ", result.Errors));
    }
}
