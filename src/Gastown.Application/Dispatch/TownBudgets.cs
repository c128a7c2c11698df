using System.Collections.Concurrent;

namespace Gastown.Application.Dispatch;

/// <summary>
/// Whether a town has reached a daily budget, from the usage its stores hold (no second bookkeeping): the runs reported
/// since midnight UTC, summed over the town's rigs and its HQ (the mayor). Only a reached budget is remembered: usage
/// only grows within a day, so the verdict holds until midnight or until the budget changes (<see cref="Forget"/>);
/// while a town is under its budgets every check reads the stores afresh, and only when there is work to dispatch.
/// </summary>
public sealed class TownBudgets(ITownDirectory directory, ITownManagement management, ILedgerStores ledgers, TimeProvider clock, IGastownMetrics metrics)
{
    private readonly ConcurrentDictionary<Guid, BudgetPause> _paused = new();

    /// <summary>
    /// The pause in force for the town now, or null; <c>IsNew</c> is true for the one check that found it first (the
    /// dispatch's, which tells the mayor). A <paramref name="peek"/> (a status query) finds the same answer but records
    /// nothing, so it never takes that first finding away from the dispatch.
    /// </summary>
    public async Task<(BudgetPause? Pause, bool IsNew)> CheckAsync(Guid townId, CancellationToken ct, bool peek = false)
    {
        var day = StartOfDay(clock.GetUtcNow());
        if (_paused.TryGetValue(townId, out var known))
        {
            if (known.Day == day) return (known, false);
            _paused.TryRemove(new KeyValuePair<Guid, BudgetPause>(townId, known));
        }

        var budget = (await management.GetTownConfigAsync(townId, ct)).Budget;
        if (budget is not ({ TokensPerDay: not null } or { UsdPerDay: not null })) return peek ? (null, false) : Lifted(townId);

        var used = await UsageSinceAsync(townId, day, ct);
        var tokens = used.InputTokens + used.OutputTokens;
        BudgetPause? pause = null;
        if (budget.UsdPerDay is { } usdLimit && (used.CostUsd ?? 0) >= usdLimit) pause = new BudgetPause(townId, "usdPerDay", used.CostUsd ?? 0, usdLimit, day);
        else if (budget.TokensPerDay is { } tokenLimit && tokens >= tokenLimit) pause = new BudgetPause(townId, "tokensPerDay", tokens, tokenLimit, day);
        if (peek) return (pause, false);
        if (pause is null) return Lifted(townId);

        var isNew = _paused.TryAdd(townId, pause);
        if (isNew) metrics.BudgetPaused(townId, pause.Budget);
        metrics.BudgetState(townId, pause.Budget);
        return (isNew ? pause : _paused.GetValueOrDefault(townId, pause), isNew);
    }

    /// <summary>The town's budget changed: the next check reads the stores again.</summary>
    public void Forget(Guid townId) => _paused.TryRemove(townId, out _);

    /// <summary>Usage of the town's stores (rigs and HQ) of the runs last reported since <paramref name="since"/>.</summary>
    public async Task<TokenUsage> UsageSinceAsync(Guid townId, DateTimeOffset since, CancellationToken ct)
    {
        var total = TokenUsage.None;
        // The town HQ store has the town's id.
        var stores = (await directory.ListRigsAsync(townId, ct)).Select(rig => rig.Id).Append(townId);
        foreach (var storeId in stores)
        {
            if (!ledgers.Exists(storeId)) continue;
            await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct);
            total = total.Add(await ledger.Usage.GetSinceAsync(since, ct));
        }
        return total;
    }

    public static DateTimeOffset StartOfDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    private (BudgetPause?, bool) Lifted(Guid townId)
    {
        _paused.TryRemove(townId, out _);
        metrics.BudgetState(townId, null);
        return (null, false);
    }
}
