namespace Gastown.Domain.Ledgers;

public enum LedgerKind { Rig, TownHq }
