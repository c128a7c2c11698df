using FluentValidation;
using Gastown.Application.Agents.ListAgents;
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
/// rules are checked on the validators the pipeline resolves.
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
        validators.Count.ShouldBe(1);
        return [.. (await validators[0].ValidateAsync(request, AppHarness.Ct)).Errors.Select(error => error.PropertyName)];
    }

    [Fact]
    public async Task Every_id_must_be_a_uuid_other_than_the_empty_one()
    {
        (await FailuresAsync(new GetTownQuery(Guid.Empty))).ShouldBe(["TownId"]);
        (await FailuresAsync(new CreateRigCommand(Guid.Empty, "web", "https://example.com/r.git", null))).ShouldBe(["TownId"]);
        (await FailuresAsync(new GetRigQuery(Guid.Empty))).ShouldBe(["RigId"]);
        (await FailuresAsync(new ListBeadsQuery(Guid.Empty))).ShouldBe(["RigId"]);
        (await FailuresAsync(new ListAgentsQuery(Guid.Empty))).ShouldBe(["RigId"]);
        (await FailuresAsync(new SlingBeadCommand(Guid.Empty, "x", null, null))).ShouldBe(["RigId"]);
    }

    [Fact]
    public async Task A_real_id_passes()
    {
        (await FailuresAsync(new GetTownQuery(Guid.NewGuid()))).ShouldBeEmpty();
        (await FailuresAsync(new GetRigQuery(Guid.NewGuid()))).ShouldBeEmpty();
        (await FailuresAsync(new ListAgentsQuery(Guid.NewGuid()))).ShouldBeEmpty();
    }
}
