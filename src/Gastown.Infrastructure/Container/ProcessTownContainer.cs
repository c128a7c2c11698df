using System.ComponentModel;
using Gastown.Domain.Agents;
using Gastown.Domain.Git;
using Gastown.Infrastructure.Agents;
using Gastown.Infrastructure.Agents.Presets;
using Gastown.Infrastructure.Git;
using Gastown.Infrastructure.Sandbox;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// The town container as processes on this host: each agent runs its role's command in its own worktree (or the
/// mayor's workspace) with its session in the environment, inside the town's sandbox (it sees its own workspace and
/// home, nothing else of the data directory: decision 0021); output goes to the <see cref="AgentEventFeed"/>.
/// Disposing it kills every agent's process tree, so no orphan survives the server; every git command it runs is bounded
/// (<see cref="GitLimits"/>) and killed with its rig's retirement or the server's stop.
/// </summary>
public sealed partial class ProcessTownContainer : ITownContainer, IReviewDiffs, IStoreJanitor, IAsyncDisposable, IDisposable
{
    // Waiting for a killed process to be reaped; a kill that takes longer is not worth blocking a start for.
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    private readonly ContainerOptions _options;
    private readonly AgentEventFeed _feed;
    private readonly IAgentApiAddress _apiAddress;
    private readonly ILogger<ProcessTownContainer> _logger;
    private readonly RigWorkspaces _workspaces;
    private readonly RigFetches _fetches;
    private readonly BranchMerger _merger;
    private readonly AgentPresets _presets;
    private readonly AgentUsageRecorder? _usage;
    private readonly MayorFinalText? _mayorFinalText;
    private readonly AgentSessionRecorder? _sessions;
    private readonly ReviewDiffReader _diffs;
    private readonly RunTranscripts? _transcripts;
    private readonly ConcurrentDictionary<Guid, AgentProcess> _processes = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _startLocks = new();
    // Agents of deleted stores: never started again by this process, whatever a tick still in flight asks.
    private readonly ConcurrentDictionary<Guid, bool> _retired = new();
    private int _disposed;

    public ProcessTownContainer(
        IOptions<ContainerOptions> options,
        AgentEventFeed feed,
        IAgentApiAddress apiAddress,
        ILogger<ProcessTownContainer> logger,
        AgentPresets? presets = null,
        AgentUsageRecorder? usage = null,
        MayorFinalText? mayorFinalText = null,
        ISandbox? sandbox = null,
        RunTranscripts? transcripts = null,
        AgentSessionRecorder? sessions = null)
    {
        _transcripts = transcripts;
        _sessions = sessions;
        _options = options.Value;
        _feed = feed;
        _apiAddress = apiAddress;
        _logger = logger;
        // Without one given (tests of the bare container): bubblewrap where it works, else none.
        _workspaces = new RigWorkspaces(_options.WorkspaceRoot, sandbox ?? Sandboxes.Detect(_options.WorkspaceRoot, presets?.Tools.Directory),
            _options.AllowPrivateNetworks, _options.Git);
        _fetches = new RigFetches(_workspaces);
        _merger = new BranchMerger(_workspaces);
        // Without presets (tests of the bare container): commands and the demo agent, as configured on the container.
        _presets = presets ?? new AgentPresets(Microsoft.Extensions.Options.Options.Create(new AgentsOptions()), options,
            new AgentTools(Microsoft.Extensions.Options.Options.Create(new AgentsOptions())));
        _usage = usage;
        _mayorFinalText = mayorFinalText;
        _diffs = new ReviewDiffReader(_workspaces);
    }

    public async Task<Result<int>> StartAgentAsync(AgentLaunch launch, CancellationToken ct)
    {
        var problems = Validate(launch.Repository, launch.Branch);
        if (launch.Repository is not null && launch.Branch is null)
            problems.Add(new ValidationError(nameof(launch.Branch), "an agent working on a rig needs a branch"));
        if (problems.Count > 0) return Result<int>.Invalid(problems);
        if (IsDisposed) return Result<int>.Unavailable("the container is shutting down");

        var startLock = _startLocks.GetOrAdd(launch.AgentId, static _ => new SemaphoreSlim(1, 1));
        await startLock.WaitAsync(ct);
        try
        {
            if (_retired.ContainsKey(launch.AgentId)) return Result<int>.Unavailable("the agent's rig or town is being deleted");
            if (_processes.TryGetValue(launch.AgentId, out var current) && !current.HasExited)
            {
                if (current.Generation == launch.Generation && !current.StopRequested)
                    return Result<int>.Success(current.ProcessId);
                if (current.Generation > launch.Generation)
                    return Result<int>.Conflict($"generation {current.Generation} of this agent is already running");
                // An older dispatch (or one being stopped) gives way to this one.
                current.MarkStopRequested();
                current.KillTree();
                await current.WaitForExitAsync(KillWait);
            }

            if (Sandbox.Problem is { } sandboxProblem)
            {
                var reason = $"the town sandbox cannot start: {sandboxProblem}";
                _feed.Append(launch.AgentId, AgentEvent.StatusKind, null, reason);
                return Result<int>.Error(reason);
            }

            var workspace = await PrepareWorkspaceAsync(launch, ct);
            if (workspace.Status == ResultStatus.Unavailable) return Result<int>.Unavailable([.. workspace.Errors]);
            if (!workspace.IsSuccess) return Result<int>.Error(string.Join("; ", workspace.Errors));
            if (_retired.ContainsKey(launch.AgentId)) return Result<int>.Unavailable("the agent's rig or town is being deleted");

            var home = AgentHome(launch.AgentId);
            var built = _presets.Build(launch, workspace.Value, home, new Uri(_apiAddress.BaseAddress, "mcp"),
                launch.Role == AgentRole.Mayor ? ReadSessionId(home) : launch.ResumeSessionId, Sandbox.Mode == SandboxMode.Bubblewrap);
            if (!built.IsSuccess)
            {
                var reason = string.Join("; ", built.Errors);
                _feed.Append(launch.AgentId, AgentEvent.StatusKind, null, reason);
                return Result<int>.Error(reason);
            }
            var invocation = built.Value;

            AgentProcess started;
            try
            {
                await WriteWorkspaceFilesAsync(invocation, workspace.Value, ct);
                started = AgentProcess.Start(launch.AgentId, launch.Generation, StartInfoFor(launch, invocation, workspace.Value, home), _feed,
                    HooksFor(launch, invocation, home));
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                var reason = GitErrorText.Redact($"could not start '{invocation.FileName}': {e.Message}", _workspaces.Root);
                _feed.Append(launch.AgentId, AgentEvent.StatusKind, null, reason);
                return Result<int>.Error(reason);
            }

            if (_processes.TryGetValue(launch.AgentId, out var previous) && previous.HasExited) previous.Dispose();
            _processes[launch.AgentId] = started;
            if (IsDisposed)
            {
                // Shutdown began while this one was starting; it must not outlive the server.
                started.KillTree();
                return Result<int>.Unavailable("the container is shutting down");
            }
            LogStarted(launch.AgentId, launch.Generation, started.ProcessId, workspace.Value);
            return Result<int>.Success(started.ProcessId);
        }
        finally
        {
            startLock.Release();
        }
    }

    public Task StopAgentAsync(Guid agentId, CancellationToken ct)
    {
        if (!_processes.TryGetValue(agentId, out var process) || process.HasExited) return Task.CompletedTask;
        process.MarkStopRequested();
        LogStopping(agentId, process.ProcessId);
        _ = Task.Run(async () =>
        {
            try
            {
                if (await process.StopAsync(_options.StopGracePeriod) is { } killed) LogKilled(agentId, killed);
            }
            catch (Exception e)
            {
                LogStopFailed(e, agentId);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task<Result> SendMessageAsync(Guid agentId, string message, CancellationToken ct)
    {
        if (!_processes.TryGetValue(agentId, out var process) || process.HasExited)
            return Result.NotFound("the agent is not running");
        // One message, one line: agents read their stdin line by line.
        var line = message.ReplaceLineEndings(" ");
        return await process.WriteLineAsync(line, ct)
            ? Result.Success()
            : Result.NotFound("the agent is not reading messages any more");
    }

    /// <summary>The boundary around this container's processes (health and <c>agents list</c> report its mode).</summary>
    public ISandbox Sandbox => _workspaces.Sandbox;

    /// <summary>Agent processes that have not exited (the metrics gauge).</summary>
    public int RunningAgents => _processes.Values.Count(process => process.ExitCode is null);

    /// <summary>Whether the container is shutting down (it starts nothing more): readiness reports it.</summary>
    public bool IsShuttingDown => IsDisposed;

    public AgentProcessStatus GetStatus(Guid agentId)
    {
        if (!_processes.TryGetValue(agentId, out var process)) return AgentProcessStatus.NotFound;
        var exitCode = process.ExitCode;
        return new AgentProcessStatus(
            exitCode is null ? AgentProcessState.Running : AgentProcessState.Exited,
            process.Generation,
            exitCode,
            process.ProcessId,
            _feed.LastOutputAt(agentId),
            exitCode is null ? null : process.RateLimit);
    }

    public async Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct)
    {
        var problems = Validate(request.Repository, request.Branch);
        if (string.IsNullOrWhiteSpace(request.CommitMessage))
            problems.Add(new ValidationError(nameof(request.CommitMessage), "a merge needs a commit message"));
        if (request.Gates?.Any(gate => gate is not { Count: > 0 } || gate.Any(string.IsNullOrEmpty)) == true)
            problems.Add(new ValidationError(nameof(request.Gates), "a gate must be a non-empty list of non-empty arguments"));
        if (request.GateTimeout is { } timeout && timeout <= TimeSpan.Zero)
            problems.Add(new ValidationError(nameof(request.GateTimeout), "a gate timeout must be positive"));
        if (problems.Count > 0) return Result<MergeOutcome>.Invalid(problems);
        if (IsDisposed) return Result<MergeOutcome>.Unavailable("the container is shutting down");

        using (await _workspaces.LockRigAsync(request.Repository.RigId, ct))
        {
            try
            {
                return await _merger.MergeAsync(request, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result<MergeOutcome>.Error(GitErrorText.Redact($"merge of '{request.Branch}' failed: {e.Message}", _workspaces.Root));
            }
        }
    }

    public async Task<Result<bool>> CommitPendingAsync(string? nodeId, RepositoryRef repository, string branch, string message, CancellationToken ct)
    {
        var problems = Validate(repository, branch);
        if (problems.Count > 0) return Result<bool>.Invalid(problems);
        using (await _workspaces.LockRigAsync(repository.RigId, ct))
            return await _workspaces.CommitPendingAsync(_workspaces.WorktreePath(repository.RigId, branch), message, ct);
    }

    public async Task<Result<bool>> HasBranchChangesAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct)
    {
        var problems = Validate(repository, branch);
        if (problems.Count > 0) return Result<bool>.Invalid(problems);
        using (await _workspaces.LockRigAsync(repository.RigId, ct))
            return await _workspaces.HasCommitsAheadAsync(repository, branch, ct);
    }

    public async Task<Result> DeleteBranchAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct)
    {
        var problems = Validate(repository, branch);
        if (problems.Count > 0) return Result.Invalid(problems);
        if (string.Equals(branch, repository.DefaultBranch, StringComparison.Ordinal))
            return Result.Invalid(new ValidationError("Branch", "the default branch is never deleted"));
        if (IsDisposed) return Result.Unavailable("the container is shutting down");

        using (await _workspaces.LockRigAsync(repository.RigId, ct))
        {
            try
            {
                return await _merger.DeleteKeptBranchAsync(repository, branch, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result.Error(GitErrorText.Redact($"deleting '{branch}' failed: {e.Message}", _workspaces.Root));
            }
        }
    }

    public async Task<Result<ReviewDiff>> DiffAsync(RepositoryRef repository, string branch, CancellationToken ct)
    {
        var problems = Validate(repository, branch);
        if (problems.Count > 0) return Result<ReviewDiff>.Invalid(problems);
        try
        {
            return await _diffs.DiffAsync(repository, branch, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<ReviewDiff>.Error(GitErrorText.Redact($"diff of '{branch}' failed: {e.Message}", _workspaces.Root));
        }
    }

    /// <summary>Cancelled when the rig is retired or the server stops: for git this container does not run itself (the health check).</summary>
    public CancellationToken RigLifetime(Guid rigId) => _workspaces.RigLifetime(rigId);

    /// <summary>Kills every git command of this container, running or waiting (the server is stopping).</summary>
    public void StopGitWork() => _workspaces.StopAll();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _workspaces.StopAll();
        var processes = _processes.Values.ToArray();
        foreach (var process in processes)
        {
            process.MarkStopRequested();
            process.KillTree();
        }
        await Task.WhenAll(processes.Select(process => process.WaitForExitAsync(KillWait)));
        foreach (var process in processes) process.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    private static List<ValidationError> Validate(RepositoryRef? repository, string? branch)
    {
        var problems = new List<ValidationError>();
        if (repository is not null)
        {
            if (GitRemoteUrl.Problem(repository.GitUrl, allowLocal: true) is { } urlProblem)
                problems.Add(new ValidationError(nameof(repository.GitUrl), $"git URL {urlProblem}"));
            if (GitBranchName.Problem(repository.DefaultBranch) is { } defaultProblem)
                problems.Add(new ValidationError(nameof(repository.DefaultBranch), $"default branch {defaultProblem}"));
            if (repository.CreateFrom is not null && GitBranchName.Problem(repository.CreateFrom) is { } fromProblem)
                problems.Add(new ValidationError(nameof(repository.CreateFrom), $"base branch {fromProblem}"));
        }
        if (branch is not null && GitBranchName.Problem(branch) is { } branchProblem)
            problems.Add(new ValidationError("Branch", $"branch {branchProblem}"));
        return problems;
    }

    /// <summary>The agent's private HOME (CLI config, sessions, caches): outside any worktree, kept across its runs.</summary>
    private string AgentHome(Guid agentId)
    {
        var home = Path.Combine(_workspaces.Root, "homes", agentId.ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    private const string SessionFile = ".gastown-session";

    private static string? ReadSessionId(string home)
    {
        var file = Path.Combine(home, SessionFile);
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } id ? id : null;
    }

    private AgentRunHooks HooksFor(AgentLaunch launch, AgentInvocation invocation, string home)
    {
        // A polecat's CLI session is kept on the agent in the ledger as soon as the CLI names it (decision 0027).
        string? kept = launch.ResumeSessionId;
        return new(
        invocation.Parser,
        OnParsed: parsed =>
        {
            if (_usage is not null && Agents.Streams.JsonStreamParser.UsageOf(parsed) is { } usage)
                _usage.Record(launch, usage, _presets.PresetName(launch.Role.ToText(), launch.Overrides));
            if (launch.Role == AgentRole.Polecat && invocation.Parser?.SessionId is { Length: > 0 } session && session != kept)
            {
                kept = session;
                _sessions?.Record(launch, session);
            }
        },
        // The mayor's CLI session is continued on its next run (one conversation across messages); a polecat's resume
        // that the CLI did not take (it never named a session) is dropped, so the next run starts afresh.
        OnExited: launch.Role != AgentRole.Mayor
            ? parser =>
            {
                if (launch.ResumeSessionId is not null && parser?.SessionId is null) _sessions?.Record(launch, null);
            }
            : parser =>
        {
            if (parser is null) return;
            if (parser.SessionId is { Length: > 0 } session) File.WriteAllText(Path.Combine(home, SessionFile), session);
            // Before the exit is recorded, so the patrol finds the answer stored.
            _mayorFinalText?.RecordAsync(launch, parser).GetAwaiter().GetResult();
        },
        CloseInput: invocation.CloseInput,
        Transcript: _transcripts?.Begin(launch, RedactorFor(launch, invocation)),
        FirstInput: invocation.FirstInput);
    }

    /// <summary>The secrets a run is given: its session token, its git credentials, the town's and the preset's secret variables.</summary>
    private SecretRedactor RedactorFor(AgentLaunch launch, AgentInvocation invocation) =>
        new([.. launch.Environment ?? new Dictionary<string, string>(), .. _workspaces.Credentials.For(launch.Repository), .. invocation.Environment],
            [launch.SessionToken]);

    /// <summary>
    /// Files a CLI only reads from its working directory (Gemini's settings): each path is first added to the
    /// repository's exclude file, so it is never committed, by the agent or by the container.
    /// </summary>
    private async Task WriteWorkspaceFilesAsync(AgentInvocation invocation, string workspace, CancellationToken ct)
    {
        if (invocation.WorkspaceFiles.Count == 0) return;
        var excludePath = await _workspaces.GitAsync(workspace, ct, "rev-parse", "--path-format=absolute", "--git-path", "info/exclude");
        if (!excludePath.Succeeded) throw new IOException($"could not find the exclude file of {workspace}: {excludePath.Message}");
        var exclude = excludePath.StandardOutput.Trim();
        var existing = File.Exists(exclude) ? await File.ReadAllLinesAsync(exclude, ct) : [];
        var missing = invocation.WorkspaceFiles.Keys.Select(path => "/" + path).Where(line => !existing.Contains(line)).ToList();
        if (missing.Count > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
            await File.AppendAllLinesAsync(exclude, missing, ct);
        }
        foreach (var (path, content) in invocation.WorkspaceFiles)
        {
            var full = Path.GetFullPath(Path.Combine(workspace, path));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, ct);
        }
    }

    private async Task<Result<string>> PrepareWorkspaceAsync(AgentLaunch launch, CancellationToken ct)
    {
        try
        {
            if (launch.Repository is not { } repository)
            {
                var name = launch.Role == AgentRole.Mayor ? "mayor" : $"{launch.Role.ToText()}-{launch.AgentId:N}";
                return await _workspaces.EnsureStandaloneWorkspaceAsync(_workspaces.TownWorkspacePath(launch.TownId, name), ct);
            }

            // The remote part (clone or fetch) in the background, waited for briefly: never a whole tick on a slow remote.
            var cloned = await _fetches.EnsureCloneAsync(launch.TownId, repository, ct);
            if (cloned.Status == ResultStatus.Unavailable) return Result<string>.Unavailable([.. cloned.Errors]);
            if (!cloned.IsSuccess) return Result<string>.Error(string.Join("; ", cloned.Errors));
            using (await _workspaces.LockRigAsync(repository.RigId, ct))
                return await _workspaces.EnsureWorktreeAsync(repository, launch.Branch!, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<string>.Error(GitErrorText.Redact($"could not prepare the workspace: {e.Message}", _workspaces.Root));
        }
    }

    private ProcessStartInfo StartInfoFor(AgentLaunch launch, AgentInvocation invocation, string workingDirectory, string home)
    {
        // The town's own variables first, so none of them can replace what Gastown sets below.
        var environment = new Dictionary<string, string>(launch.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);

        // Some CLIs (opencode, Kilo) take their project directory from PWD, not from the process's working directory.
        environment["PWD"] = workingDirectory;
        environment["GASTOWN_API_URL"] = _apiAddress.BaseAddress.ToString().TrimEnd('/');
        environment["GASTOWN_SESSION_TOKEN"] = launch.SessionToken;
        environment["GASTOWN_AGENT_ID"] = launch.AgentId.ToString();
        environment["GASTOWN_RIG_ID"] = launch.Repository?.RigId.ToString() ?? "";
        environment["GASTOWN_TOWN_ID"] = launch.TownId.ToString();
        environment["GASTOWN_STORE_ID"] = launch.StoreId.ToString();
        environment["GASTOWN_ROLE"] = launch.Role.ToText();
        environment["GASTOWN_AGENT_NAME"] = launch.Name;
        environment["GASTOWN_BRANCH"] = launch.Branch ?? "";
        environment["GASTOWN_DEFAULT_BRANCH"] = launch.Repository?.DefaultBranch ?? "";
        environment["GASTOWN_MODEL"] = launch.Model;
        environment["GASTOWN_PROMPT"] = launch.Prompt;

        var gitName = $"{launch.Name} (gastown)";
        var gitEmail = $"{WorkBranch.Slug(launch.Name)}@gastown.local";
        environment["GIT_AUTHOR_NAME"] = gitName;
        environment["GIT_COMMITTER_NAME"] = gitName;
        environment["GIT_AUTHOR_EMAIL"] = gitEmail;
        environment["GIT_COMMITTER_EMAIL"] = gitEmail;
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_CEILING_DIRECTORIES"] = _workspaces.Root;
        // The agent's own git (push) reaches a private repository the same way the container's does.
        foreach (var (name, value) in _workspaces.Credentials.For(launch.Repository)) environment[name] = value;
        // The preset's own (its config dir, endpoint, key), last: it wins over the town's variables.
        foreach (var (name, value) in invocation.Environment) environment[name] = value;

        var startInfo = Sandbox.StartInfo(new SandboxCommand(invocation.FileName, invocation.Arguments, workingDirectory, environment,
            AgentView(launch, invocation, workingDirectory, home)));
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;
        return startInfo;
    }

    /// <summary>
    /// What an agent sees: its workspace, its home, and for a polecat the clone's git folder its worktree commits into
    /// and the rig's local repository (Development) it pushes to. An operator-configured command outside the system
    /// folders is visible read-only.
    /// </summary>
    private SandboxView AgentView(AgentLaunch launch, AgentInvocation invocation, string workingDirectory, string home)
    {
        var view = new SandboxView(launch.TownId) { Home = home }.Write(workingDirectory);
        if (launch.Repository is { } repository)
            view.Write(Path.Combine(_workspaces.ClonePath(repository.RigId), ".git"), RigWorkspaces.LocalOriginPath(repository.GitUrl));
        if (Path.IsPathFullyQualified(invocation.FileName)) view.Read(Path.GetDirectoryName(invocation.FileName));
        return view;
    }

    public async Task RetireAsync(Guid storeId, Domain.Ledgers.LedgerKind kind, Guid townId, IReadOnlyCollection<Guid> agentIds, CancellationToken ct)
    {
        foreach (var agentId in agentIds) _retired[agentId] = true;
        // Its git work first (a clone of an unreachable remote may hold the rig's lock): killed, not waited for.
        if (kind == Domain.Ledgers.LedgerKind.Rig) _workspaces.CancelRig(storeId);
        foreach (var agentId in agentIds)
        {
            // Under the start lock: a start in flight either finished (and is killed here) or sees the retirement.
            var startLock = _startLocks.GetOrAdd(agentId, static _ => new SemaphoreSlim(1, 1));
            await startLock.WaitAsync(ct);
            try
            {
                if (_processes.TryRemove(agentId, out var process))
                {
                    process.MarkStopRequested();
                    process.KillTree();
                    await process.WaitForExitAsync(KillWait);
                    process.Dispose();
                }
            }
            finally
            {
                startLock.Release();
            }
        }

        if (kind == Domain.Ledgers.LedgerKind.Rig)
        {
            using (await _workspaces.LockRigAsync(storeId, ct))
                WorkspaceDirectory.Delete(_workspaces.RigDirectory(storeId));
        }
        else
        {
            WorkspaceDirectory.Delete(Path.GetDirectoryName(_workspaces.TownWorkspacePath(townId, "mayor"))!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started agent {AgentId} generation {Generation} as pid {ProcessId} in {Workspace}")]
    private partial void LogStarted(Guid agentId, int generation, int processId, string workspace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping agent {AgentId} (pid {ProcessId})")]
    private partial void LogStopping(Guid agentId, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} outlived its grace period: {Processes} processes killed")]
    private partial void LogKilled(Guid agentId, int processes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping agent {AgentId} failed")]
    private partial void LogStopFailed(Exception exception, Guid agentId);
}
