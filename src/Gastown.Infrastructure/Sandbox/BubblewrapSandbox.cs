namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// Each process in its own bubblewrap sandbox (decision 0021): new user, PID, IPC, UTS and cgroup namespaces (no root
/// or setuid needed), the system read-only, a private /tmp, and of the host only the folders its
/// <see cref="SandboxView"/> and the <see cref="SandboxHost"/> name, at their own paths. The network is shared (agents
/// need their model endpoint, the git remote and the Gastown API on loopback).
/// </summary>
public sealed class BubblewrapSandbox : ISandbox
{
    public const string UserName = "gastown";
    public const int UserId = 1000;
    private const string PrivateHome = "/tmp/home";

    // The system: read-only where it exists; /bin, /lib… may be links into /usr (merged /usr) and stay links.
    private static readonly string[] SystemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    // Of /etc only what name resolution, TLS, time and git's own defaults need; never ssh host keys or the like.
    private static readonly string[] EtcEntries =
    [
        "/etc/resolv.conf", "/etc/hosts", "/etc/host.conf", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols",
        "/etc/ssl", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/pki", "/etc/crypto-policies",
        "/etc/localtime", "/etc/timezone", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
        "/etc/gitconfig", "/etc/ssh/ssh_config", "/etc/ssh/ssh_config.d", "/etc/mime.types", "/etc/os-release", "/etc/debian_version",
    ];

    private readonly string _bwrap;
    private readonly SandboxHost _host;
    private readonly Lazy<string?> _problem;
    private readonly Lazy<IReadOnlyList<string>> _baseArguments;
    private readonly Lazy<IReadOnlyList<string>> _systemOnlyArguments;

    public BubblewrapSandbox(string bwrap, SandboxHost host)
    {
        _bwrap = bwrap;
        _host = host;
        _baseArguments = new Lazy<IReadOnlyList<string>>(() => BuildBaseArguments(systemOnly: false));
        _systemOnlyArguments = new Lazy<IReadOnlyList<string>>(() => BuildBaseArguments(systemOnly: true));
        _problem = new Lazy<string?>(Probe);
    }

    public SandboxMode Mode => SandboxMode.Bubblewrap;

    public string? Problem => _problem.Value;

    public ProcessStartInfo StartInfo(SandboxCommand command)
    {
        var start = new ProcessStartInfo(_bwrap) { UseShellExecute = false, WorkingDirectory = command.WorkingDirectory };
        var arguments = start.ArgumentList;
        var systemOnly = command.View.SystemOnly;
        foreach (var argument in (systemOnly ? _systemOnlyArguments : _baseArguments).Value) arguments.Add(argument);

        // Read-only first, then writable, each outer before inner, so a writable folder inside a read-only one stays writable.
        foreach (var path in Normalize(command.View.ReadOnly).Where(path => !IsSystemPath(path))) Add(arguments, "--ro-bind-try", path, path);
        var home = command.View.Home;
        var writable = Normalize(command.View.Writable.Append(home).Concat(_host.Writable).OfType<string>());
        foreach (var path in writable) Add(arguments, "--bind-try", path, path);
        // Bound over anything above, last: the server's configuration files read as an empty object.
        if (!systemOnly) foreach (var hidden in _host.HiddenFiles) Add(arguments, "--ro-bind", EmptySettings, hidden);

        // Found on the host first, so a missing program fails here, as an unsandboxed start would, not inside bwrap.
        Add(arguments, "--chdir", command.WorkingDirectory, "--", Executables.Resolve(command.FileName));
        foreach (var argument in command.Arguments) arguments.Add(argument);

        SandboxEnvironment.Build(start.Environment, home ?? PrivateHome, command.Environment);
        start.Environment["USER"] = UserName;
        start.Environment["LOGNAME"] = UserName;
        return _host.Cgroups.Enabled ? InTownCgroup(start, command.View.TownId) : start;
    }

    // The shell joins the town's cgroups, then becomes bubblewrap: everything the sandbox forks is counted there. Its
    // script is fixed; the cgroup files and bubblewrap's argument list reach it only as positional arguments.
    private const string JoinCgroups = "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 126; shift; done; shift; exec \"$@\"";

    private ProcessStartInfo InTownCgroup(ProcessStartInfo bubblewrap, Guid townId)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = bubblewrap.WorkingDirectory };
        Add(start.ArgumentList, "-c", JoinCgroups, "gastown-cgroup");
        foreach (var procs in _host.Cgroups.ProcsFiles(townId)) start.ArgumentList.Add(procs);
        Add(start.ArgumentList, "--", _bwrap);
        foreach (var argument in bubblewrap.ArgumentList) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in bubblewrap.Environment) start.Environment[name] = value;
        return start;
    }

    private string EmptySettings => Path.Combine(_host.SupportDirectory, "sandbox", "empty.json");

    private IReadOnlyList<string> BuildBaseArguments(bool systemOnly)
    {
        WriteSupportFiles();
        var arguments = new List<string>
        {
            "--unshare-user", "--uid", UserId.ToString(), "--gid", UserId.ToString(),
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "gastown",
            // No controlling terminal to push input into (TIOCSTI).
            "--new-session",
            "--proc", "/proc", "--dev", "/dev",
        };
        foreach (var folder in SystemFolders)
        {
            var info = new FileInfo(folder);
            if (info.LinkTarget is { } target) Add(arguments, "--symlink", target, folder);
            else if (Directory.Exists(folder)) Add(arguments, "--ro-bind", folder, folder);
        }
        foreach (var entry in EtcEntries) Add(arguments, "--ro-bind-try", entry, entry);
        // /etc/resolv.conf may be a link into /run (systemd-resolved): its target too.
        if (new FileInfo("/etc/resolv.conf").LinkTarget is not null && ResolvedTarget("/etc/resolv.conf") is { } resolv)
            Add(arguments, "--ro-bind-try", resolv, resolv);
        var sandbox = Path.Combine(_host.SupportDirectory, "sandbox");
        Add(arguments, "--ro-bind", Path.Combine(sandbox, "passwd"), "/etc/passwd");
        Add(arguments, "--ro-bind", Path.Combine(sandbox, "group"), "/etc/group");
        Add(arguments, "--tmpfs", "/tmp", "--dir", PrivateHome, "--dir", "/var/tmp");
        var shown = systemOnly ? [_host.SupportDirectory] : _host.ReadOnly.Append(_host.SupportDirectory);
        foreach (var path in Normalize(shown)) Add(arguments, "--ro-bind-try", path, path);
        return arguments;
    }

    /// <summary>The user the sandbox shows (tools such as ssh and node want one), and the empty settings file.</summary>
    private void WriteSupportFiles()
    {
        var folder = Path.Combine(_host.SupportDirectory, "sandbox");
        Directory.CreateDirectory(folder);
        WriteIfChanged(Path.Combine(folder, "passwd"),
            $"root:x:0:0:root:/root:/bin/sh\n{UserName}:x:{UserId}:{UserId}:Gastown agent:{PrivateHome}:/bin/sh\n" +
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        WriteIfChanged(Path.Combine(folder, "group"), $"root:x:0:\n{UserName}:x:{UserId}:\nnogroup:x:65534:\n");
        WriteIfChanged(Path.Combine(folder, "empty.json"), "{}\n");
    }

    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        var temporary = $"{path}.{Guid.NewGuid():N}";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Runs <c>true</c> in an empty sandbox once: the reason bubblewrap cannot work here, or null.</summary>
    private string? Probe()
    {
        try
        {
            var start = StartInfo(new SandboxCommand("/bin/true", [], "/", new Dictionary<string, string>(), new SandboxView(Guid.Empty)));
            start.RedirectStandardError = true;
            start.RedirectStandardOutput = true;
            start.StandardErrorEncoding = Encoding.UTF8;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap did not start a sandbox within 20 s";
            }
            return process.ExitCode == 0 ? null : $"bubblewrap cannot start a sandbox here: {error.GetAwaiter().GetResult().Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"bubblewrap ({_bwrap}) is not installed: install the Debian package 'bubblewrap' ({e.Message})";
        }
        catch (IOException e)
        {
            return $"the sandbox could not be prepared: {e.Message}";
        }
    }

    private static string? ResolvedTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsSystemPath(string path) =>
        SystemFolders.Any(folder => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal));

    /// <summary>Full paths, without duplicates, outer folders before the folders inside them.</summary>
    private static IEnumerable<string> Normalize(IEnumerable<string> paths) =>
        paths.Select(path => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))).Distinct(StringComparer.Ordinal)
            .OrderBy(path => path.Count(c => c == '/')).ThenBy(path => path, StringComparer.Ordinal);

    private static void Add(ICollection<string> arguments, params string[] values)
    {
        foreach (var value in values) arguments.Add(value);
    }
}
