using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

// In the test root namespace (not .Support) so that "Json.Ct" wins over the global Json.* namespaces of JsonSchema.Net.
namespace Gastown.Web.Tests;

public static partial class Json
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asserts the status code (showing the body when it differs) and answers the body as JSON.</summary>
    public static async Task<JsonElement> ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await client.GetAsync(path, Ct)).ShouldHaveStatusAsync(status);

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object body, HttpStatusCode status) =>
        await (await client.PostAsJsonAsync(path, body, Ct)).ShouldHaveStatusAsync(status);

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static Guid Id(this JsonElement element, string property = "id") => Guid.Parse(element.Str(property));

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>Every property name, at any depth, is camelCase (metadata keys are data, not names, and are skipped).</summary>
    public static void ShouldBeCamelCaseThroughout(this JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    property.Name.ShouldMatch(CamelCase().ToString(), $"property '{property.Name}'");
                    if (property.Name != "metadata") property.Value.ShouldBeCamelCaseThroughout();
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) item.ShouldBeCamelCaseThroughout();
                break;
        }
    }

    /// <summary>A 400 validation problem that names exactly these fields.</summary>
    public static async Task ShouldBeValidationProblemOnAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("errors").PropertyNames().ShouldBe(fields, ignoreOrder: true, problem.ToString());
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
