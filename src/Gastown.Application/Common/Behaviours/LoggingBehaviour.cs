using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gastown.Application.Common.Behaviours;

/// <summary>First in the pipeline: names each request, its outcome and how long it took (never its payload).</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResult
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            // Guarded: the call's argument array and boxes would be built on every request even with Debug off.
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("{Request} → {Status} in {Elapsed:0.0} ms", typeof(TMessage).Name, response.Status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Request} failed after {Elapsed:0.0} ms", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
