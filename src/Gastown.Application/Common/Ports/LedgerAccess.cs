namespace Gastown.Application.Common.Ports;

public enum LedgerAccess
{
    /// <summary>A consistent snapshot for queries.</summary>
    Read,

    /// <summary>A write transaction (BEGIN IMMEDIATE): nothing is kept unless the session commits.</summary>
    Write,
}
