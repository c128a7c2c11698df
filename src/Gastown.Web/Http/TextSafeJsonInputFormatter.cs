using System.Text;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;

namespace Gastown.Web.Http;

/// <summary>
/// The stock JSON input formatter, except that a body that is not valid text in its declared charset (e.g. an odd
/// number of bytes sent as <c>charset=utf-16</c>) is a 400 naming the body, not a <see cref="DecoderFallbackException"/>
/// (a 500). Wraps the stock one (its read is sealed) with the same media types and charsets.
/// </summary>
public sealed class TextSafeJsonInputFormatter : TextInputFormatter, IInputFormatterExceptionPolicy
{
    private readonly SystemTextJsonInputFormatter _inner;

    public TextSafeJsonInputFormatter(SystemTextJsonInputFormatter inner)
    {
        _inner = inner;
        foreach (var mediaType in inner.SupportedMediaTypes) SupportedMediaTypes.Add(mediaType);
        foreach (var encoding in inner.SupportedEncodings) SupportedEncodings.Add(encoding);
    }

    public InputFormatterExceptionPolicy ExceptionPolicy => ((IInputFormatterExceptionPolicy)_inner).ExceptionPolicy;

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context, Encoding encoding)
    {
        try
        {
            return await _inner.ReadRequestBodyAsync(context, encoding);
        }
        catch (DecoderFallbackException)
        {
            context.ModelState.TryAddModelError(
                string.IsNullOrEmpty(context.ModelName) ? "$" : context.ModelName, $"The body is not valid {encoding.WebName} text.");
            return await InputFormatterResult.FailureAsync();
        }
    }

    /// <summary>Puts this formatter in place of the stock JSON one (registered after AddControllers, so it runs after MVC's own setup).</summary>
    public sealed class Setup : IConfigureOptions<MvcOptions>
    {
        public void Configure(MvcOptions options)
        {
            for (var i = 0; i < options.InputFormatters.Count; i++)
                if (options.InputFormatters[i] is SystemTextJsonInputFormatter stock)
                    options.InputFormatters[i] = new TextSafeJsonInputFormatter(stock);
        }
    }
}
