using System.Net.Sockets;

namespace Gastown.Cli.Api;

/// <summary>Turns "could not connect" into a message naming the server, with the server-error exit code.</summary>
internal sealed class UnreachableServerHandler(Uri server) : DelegatingHandler(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is SocketException socket ? socket.Message : exception.Message;
            throw new CliException(ExitCodes.ServerError, $"cannot reach the server at {server}: {reason}");
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.ServerError, $"the server at {server} did not answer in time ({exception.Message})");
        }
    }
}
