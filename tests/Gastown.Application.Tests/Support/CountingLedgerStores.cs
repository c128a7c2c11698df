using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Ledgers;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Support;

/// <summary>The real stores, counting the sessions opened (to show a call opens its store once).</summary>
public sealed class CountingLedgerStores(ILedgerStores inner) : ILedgerStores
{
    private int _opens;

    public int Opens => Volatile.Read(ref _opens);

    /// <summary>Wraps the stores the infrastructure registered.</summary>
    public static void Register(IServiceCollection services)
    {
        var original = services.Last(descriptor => descriptor.ServiceType == typeof(ILedgerStores));
        services.AddSingleton(provider =>
            new CountingLedgerStores((ILedgerStores)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)));
        services.AddSingleton<ILedgerStores>(provider => provider.GetRequiredService<CountingLedgerStores>());
    }

    public Task<Result> CreateAsync(LedgerIdentity identity, CancellationToken ct) => inner.CreateAsync(identity, ct);

    public bool Exists(Guid storeId) => inner.Exists(storeId);

    public Task<ILedgerSession> OpenAsync(Guid storeId, LedgerAccess access, CancellationToken ct)
    {
        Interlocked.Increment(ref _opens);
        return inner.OpenAsync(storeId, access, ct);
    }

    public Task DeleteAsync(Guid storeId, CancellationToken ct) => inner.DeleteAsync(storeId, ct);
}
