using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gastown.Web.Tests.Support;

/// <summary>
/// A private git server for tests: <c>git http-backend</c> run as a CGI (argument list, no shell) behind a small
/// Kestrel server on a random loopback port that demands HTTP Basic auth with one user and token. Serves the bare
/// repositories under <see cref="Root"/> at <c>/{name}.git</c>, for clone, fetch and push.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _unauthorized;
    private int _authorized;

    private GitHttpServer(WebApplication app, string root, string user, string token)
    {
        _app = app;
        Root = root;
        User = user;
        Token = token;
    }

    public string Root { get; }
    public string User { get; }
    public string Token { get; }
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests refused for missing or wrong credentials, and requests served with the right ones.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);
    public int Authorized => Volatile.Read(ref _authorized);

    public string UrlOf(string repository) => new Uri(BaseAddress, $"{repository}.git").ToString();

    public static async Task<GitHttpServer> StartAsync(string root, string user, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new GitHttpServer(app, root, user, token);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Token}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"gastown-test\"";
            return;
        }
        Interlocked.Increment(ref _authorized);

        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("http-backend");
        var environment = start.Environment;
        environment["GIT_PROJECT_ROOT"] = Root;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["REQUEST_METHOD"] = context.Request.Method;
        environment["PATH_INFO"] = context.Request.Path.Value ?? "/";
        environment["QUERY_STRING"] = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        environment["REMOTE_USER"] = User; // Enables receive-pack (push) for an authenticated user.
        environment["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        environment["SERVER_PROTOCOL"] = context.Request.Protocol;
        environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        if (context.Request.ContentLength is { } length) environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding) environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (context.Request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol) environment["GIT_PROTOCOL"] = protocol;

        using var git = Process.Start(start)!;
        var stderr = git.StandardError.ReadToEndAsync();
        await context.Request.Body.CopyToAsync(git.StandardInput.BaseStream);
        git.StandardInput.Close();

        var output = git.StandardOutput.BaseStream;
        var headers = await ReadHeadersAsync(output);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                context.Response.ContentType = value;
            else
                context.Response.Headers.Append(name, value);
        }
        await output.CopyToAsync(context.Response.Body);
        await git.WaitForExitAsync();
        await stderr;
    }

    // CGI headers: "Name: value" lines up to an empty line, read byte by byte so the body that follows stays in the stream.
    private static async Task<List<(string Name, string Value)>> ReadHeadersAsync(Stream output)
    {
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
                line.Clear();
                if (text.Length == 0) break;
                var colon = text.IndexOf(':');
                if (colon > 0) headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
                continue;
            }
            line.Add(one[0]);
        }
        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
