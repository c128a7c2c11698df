namespace Gastown.Cli.Tests.Support;

/// <summary>
/// One real Gastown server process for a test class (a class fixture), on its own data directory, with fast alarms
/// and a rig origin; tests sign in as new users of it so they never see each other's towns.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public TempDirectory Temp { get; } = new("gastown-cli");

    public GastownServer Server { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public BareRepository Origin { get; private set; } = null!;

    public string DataDirectory => Temp.Combine("data");

    public Uri Url => Server.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Origin = await BareRepository.CreateAsync(Temp.Sub("repos"));
        Server = await GastownServer.StartAsync(DataDirectory, new Dictionary<string, string>
        {
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            ["Gastown:Container:StopGracePeriod"] = "00:00:02",
        });
        AdminToken = Server.AdminToken ?? throw new InvalidOperationException("The first start printed no admin token.");
    }

    /// <summary>A new user of this server (the operator's `users add`), with a home folder of its own for the CLI's config.</summary>
    public async Task<CliUser> NewUserAsync(string name)
    {
        var token = await OperatorCli.AddUserAsync(DataDirectory, $"{name}-{Guid.NewGuid():N}"[..20]);
        return new CliUser(this, token, Temp.Sub($"home-{Guid.NewGuid():N}"));
    }

    /// <summary>The admin (the first user) at a shell of their own: for tests that need no town of their own.</summary>
    public CliUser Admin() => new(this, AdminToken, Temp.Sub($"home-{Guid.NewGuid():N}"));

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        Temp.Dispose();
    }
}
