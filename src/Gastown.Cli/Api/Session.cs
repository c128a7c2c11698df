using System.Net.Http.Headers;
using Gastown.Cli.Config;

namespace Gastown.Cli.Api;

/// <summary>
/// One command's connection to a server: its address and the user's token (GASTOWN_URL / GASTOWN_TOKEN, else the
/// config file), and the typed client generated from the server's OpenAPI document over one HttpClient.
/// </summary>
internal sealed class Session : IDisposable
{
    private Session(Uri server, string token)
    {
        Server = server;
        Http = new HttpClient(new UnreachableServerHandler(server)) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gastown-cli", typeof(Session).Assembly.GetName().Version?.ToString(3)));
        Api = new GastownApi(Http) { ReadResponseAsString = true };
    }

    public Uri Server { get; }

    public HttpClient Http { get; }

    public GastownApi Api { get; }

    /// <summary>The server and token in force: the environment's, else the config file's.</summary>
    public static Session Open(Terminal terminal, CliConfig config)
    {
        var url = terminal.Variable("GASTOWN_URL") ?? config.Url
            ?? throw CliException.Usage("not logged in: run `gastown login <url>` first (or set GASTOWN_URL and GASTOWN_TOKEN).");
        var token = terminal.Variable("GASTOWN_TOKEN") ?? config.Token
            ?? throw CliException.Usage($"no token for {url}: run `gastown login {url}` first (or set GASTOWN_TOKEN).");
        return new Session(ServerUrl(url), token);
    }

    public static Session Connect(Uri server, string token) => new(server, token);

    /// <summary>An absolute http(s) address, with the trailing slash relative paths need.</summary>
    public static Uri ServerUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw CliException.Usage($"'{text}' is not a server address: give it as http://host:port or https://host.");
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    public void Dispose() => Http.Dispose();
}
