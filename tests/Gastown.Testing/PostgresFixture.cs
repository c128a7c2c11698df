using Xunit;

namespace Gastown.Testing;

/// <summary>
/// One private PostgreSQL server per test assembly (<c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>),
/// started on first use so a run that selects no PostgreSQL test never pays initdb; each test class or harness takes a
/// fresh database of its own (<see cref="CreateDatabaseAsync"/>). Without the binaries a PostgreSQL test is skipped
/// with the reason, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _server;
    private string? _failure;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>The running server; skips the calling test when PostgreSQL is missing (fails it under CI=true).</summary>
    public async Task<PostgresServer> RequireAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_server is null && _failure is null)
            {
                if (PostgresServer.MissingReason() is { } missing)
                    _failure = missing;
                else
                    _server = await PostgresServer.StartAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
        if (_server is not null) return _server;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true and the PostgreSQL tests cannot run. {_failure}");
        Assert.Skip(_failure!);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>A new, empty database; its connection string. Dropped with the server at the end of the run.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "gastown") => await (await RequireAsync()).CreateDatabaseAsync(prefix);

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (its pools must be closed first).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        if (_server is not null) await _server.DropDatabaseAsync(connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _gate.Dispose();
    }
}
