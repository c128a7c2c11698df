namespace Gastown.Web.Http;

/// <summary>
/// Marks a paged listing: its 200 answer may carry the next page's cursor in <see cref="ResultHttp.NextCursorHeader"/>
/// (absent on the last page). The OpenAPI document declares the header from this.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NextCursorHeaderAttribute : Attribute;
