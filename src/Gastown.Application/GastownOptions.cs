using Gastown.Domain.Scheduling;

namespace Gastown.Application;

/// <summary>The "Gastown" configuration section: every tunable of the control plane, with its default.</summary>
public sealed class GastownOptions
{
    public const string Section = "Gastown";

    /// <summary>Where the directory and ledger SQLite files live. Defaults to a folder under the user's local data.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>Public base address of this server (e.g. https://gastown.example.com), used to build stream URLs.</summary>
    public string? PublicBaseUrl { get; set; }

    public int MaxPolecatsPerRig { get; set; } = 5;

    public GitOptions Git { get; set; } = new();

    public AlarmOptions Alarm { get; set; } = new();

    public sealed class GitOptions
    {
        /// <summary>Allow file:// and local-path repositories. On in Development, off otherwise.</summary>
        public bool AllowLocalRepositories { get; set; }

        /// <summary>
        /// Allow git hosts on loopback, link-local, private or unspecified addresses (checked on the URL and again after
        /// DNS at clone time). On in Development, off otherwise, so a rig cannot reach into the server's own network.
        /// </summary>
        public bool AllowPrivateNetworks { get; set; }
    }

    public sealed class AlarmOptions
    {
        /// <summary>Re-arm delay while a store has work in flight.</summary>
        public TimeSpan ActiveInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Re-arm delay of a watchdog for stores with nothing in flight (spread by up to a tenth, so stores made
        /// together do not tick together). Null (the default): a quiet store sleeps until work arrives, since every
        /// path that creates work arms the alarm in its own transaction. Measured: a quiet tick costs ~3.6 ms of CPU,
        /// so a 5-minute watchdog on 10,000 idle rigs keeps ~11 % of a core busy (docs/benchmarks.md).
        /// </summary>
        public TimeSpan? IdleInterval { get; set; }

        /// <summary>
        /// Waits between dispatch attempts of one bead; the last one repeats. Empty means the default
        /// (5 s, 30 s, 2 min, 10 min, 30 min). No initial value on purpose: the configuration binder appends to an
        /// array that already has items, so a configured list would land after the defaults.
        /// </summary>
        public TimeSpan[] DispatchBackoff { get; set; } = [];

        public int MaxDispatchAttempts { get; set; } = DispatchPolicy.Default.MaxAttempts;

        public int MaxRestarts { get; set; } = DispatchPolicy.Default.MaxRestarts;

        /// <summary>A working agent quiet this long gets one GUPP_CHECK mail.</summary>
        public TimeSpan GuppCheckAfter { get; set; } = TimeSpan.FromMinutes(30);

        public int MaxMergeAttempts { get; set; } = 3;

        /// <summary>
        /// The first wait after a run refused for rate or quota when the provider named no reset time; each further
        /// refusal in a row doubles it, up to <see cref="RateLimitBackoffMax"/>.
        /// </summary>
        public TimeSpan RateLimitBackoff { get; set; } = TimeSpan.FromSeconds(30);

        public TimeSpan RateLimitBackoffMax { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>
        /// How long a running convoy may have ready work and nothing running before it shows <c>stranded</c> (decision
        /// 0025). Null (the default): what the dispatch policy lets a ready bead wait — its first retry back-off (a failed
        /// start tried again) plus one <see cref="ActiveInterval"/> (the tick after it); 10 s with the defaults.
        /// </summary>
        public TimeSpan? StrandedAfter { get; set; }

        public TimeSpan StrandedThreshold() => StrandedAfter ?? ToDispatchPolicy().Backoff[0] + ActiveInterval;

        public DispatchPolicy ToDispatchPolicy() =>
            new(DispatchBackoff.Length > 0 ? DispatchBackoff : DispatchPolicy.Default.Backoff, MaxDispatchAttempts, MaxRestarts);
    }
}
