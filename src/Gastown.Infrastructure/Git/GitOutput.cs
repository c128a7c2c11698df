namespace Gastown.Infrastructure.Git;

/// <summary>What one git command answered.</summary>
internal sealed record GitOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>git's own words, for an error message: stderr, else stdout.</summary>
    public string Message
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError;
            return text.Trim();
        }
    }
}
