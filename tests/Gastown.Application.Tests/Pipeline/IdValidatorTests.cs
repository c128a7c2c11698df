using FluentValidation;
using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Beads.GetBead;
using Gastown.Application.Beads.ListBeads;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Rigs.GetRig;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.GetTown;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Pipeline;

/// <summary>
/// Through the pipeline an empty id never reaches validation (its owner check answers NotFound first), so the id
/// rule is checked on the validators the pipeline resolves: one for every request's ids, then the request's own.
/// </summary>
public sealed class IdValidatorTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IReadOnlyList<string>> FailuresAsync<T>(T request)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var validators = scope.ServiceProvider.GetServices<IValidator<T>>().ToList();
        validators[0].GetType().GetGenericTypeDefinition().Name.ShouldStartWith("RequestIdsValidator");
        var failures = new List<string>();
        foreach (var validator in validators)
            failures.AddRange((await validator.ValidateAsync(request, AppHarness.Ct)).Errors.Select(error => $"{error.PropertyName}: {error.ErrorMessage}"));
        return failures;
    }

    [Fact]
    public async Task Every_id_must_be_a_uuid_other_than_the_empty_one()
    {
        (await FailuresAsync(new GetTownQuery(Guid.Empty))).ShouldBe(["TownId: 'townId' must be a UUID."]);
        (await FailuresAsync(new CreateRigCommand(Guid.Empty, "web", "https://example.com/r.git", null))).ShouldBe(["TownId: 'townId' must be a UUID."]);
        (await FailuresAsync(new GetRigQuery(Guid.Empty))).ShouldBe(["RigId: 'rigId' must be a UUID."]);
        (await FailuresAsync(new ListBeadsQuery(Guid.Empty))).ShouldBe(["RigId: 'rigId' must be a UUID."]);
        (await FailuresAsync(new ListAgentsQuery(Guid.Empty))).ShouldBe(["RigId: 'rigId' must be a UUID."]);
        (await FailuresAsync(new SlingBeadCommand(Guid.Empty, "x", null, null))).ShouldBe(["RigId: 'rigId' must be a UUID."]);
        (await FailuresAsync(new GetBeadQuery(Guid.Empty, Guid.Empty))).ShouldBe(["RigId: 'rigId' must be a UUID.", "BeadId: 'beadId' must be a UUID."]);
        // The ids first, then the request's own rules.
        (await FailuresAsync(new SlingBeadCommand(Guid.Empty, "", null, null))).ShouldBe(["RigId: 'rigId' must be a UUID.", "Title: 'title' must not be empty."]);
    }

    [Fact]
    public async Task A_real_id_passes()
    {
        (await FailuresAsync(new GetTownQuery(Guid.NewGuid()))).ShouldBeEmpty();
        (await FailuresAsync(new GetRigQuery(Guid.NewGuid()))).ShouldBeEmpty();
        (await FailuresAsync(new ListAgentsQuery(Guid.NewGuid()))).ShouldBeEmpty();
    }
}
