using System.Reflection;
using Ardalis.Result;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Architecture.Tests;

/// <summary>
/// The wire contract is made of DTOs: no Gastown.Domain type in a controller action's signature (parameters, return
/// type, declared response types) nor anywhere in the public property graph of what a handler answers, so a rename in
/// the domain cannot silently change the API.
/// </summary>
public sealed class ContractTypeTests
{
    private static readonly IReadOnlyList<Type> Controllers =
        [.. Assemblies.Web.GastownTypes().Where(type => type.IsConcrete() && typeof(ControllerBase).IsAssignableFrom(type))];

    private static IEnumerable<MethodInfo> Actions =>
        Controllers.SelectMany(controller => controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    /// <summary>Each request's answer type: T of its Result&lt;T&gt;.</summary>
    private static IEnumerable<(Type Request, Type Response)> RequestResponses =>
        from request in RequestTests.Requests
        from contract in request.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() is var open
              && (open == typeof(ICommand<>) || open == typeof(IQuery<>) || open == typeof(IRequest<>))
        select (request, contract.GetGenericArguments()[0]);

    [Fact]
    public void The_scan_finds_the_actions_and_the_answers()
    {
        Actions.Select(action => action.Name).ShouldContain("Sling");
        RequestResponses.Select(pair => pair.Request.Name).ShouldContain("GetRigQuery");
        Reachable(typeof(Result<Gastown.Application.Rigs.GetRig.RigDetails>)).ShouldContain(typeof(Gastown.Application.Beads.BeadResponse));
    }

    [Fact]
    public void The_walk_would_catch_a_domain_type() =>
        DomainTypesIn(typeof(Task<ActionResult<IReadOnlyList<Probe>>>)).ShouldContain(typeof(Gastown.Domain.Beads.Bead));

    [Fact]
    public void No_controller_action_takes_or_answers_a_domain_type()
    {
        var leaks =
            from action in Actions
            let signature = action.GetParameters().Select(parameter => parameter.ParameterType)
                .Append(action.ReturnType)
                .Concat(action.GetCustomAttributes<ProducesResponseTypeAttribute>().Select(attribute => attribute.Type))
            from type in signature.SelectMany(DomainTypesIn).Distinct()
            select $"{action.DeclaringType!.Name}.{action.Name}: {type.FullName}";

        leaks.ShouldBeEmpty();
    }

    [Fact]
    public void No_handler_answers_a_domain_type()
    {
        var leaks =
            from pair in RequestResponses
            from type in DomainTypesIn(pair.Response)
            select $"{pair.Request.Name} → {type.FullName}";

        leaks.ShouldBeEmpty();
    }

    private static IEnumerable<Type> DomainTypesIn(Type root) => Reachable(root).Where(type => type.Assembly == Assemblies.Domain);

    /// <summary>Every type reachable from <paramref name="root"/>: generic arguments, array elements, and the public properties of Gastown's own types.</summary>
    private static IReadOnlyList<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([root]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            if (type.IsArray) pending.Enqueue(type.GetElementType()!);
            if (type.IsGenericType) foreach (var argument in type.GetGenericArguments()) pending.Enqueue(argument);
            if (type.Namespace?.StartsWith("Gastown", StringComparison.Ordinal) != true) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                pending.Enqueue(property.PropertyType);
        }
        return [.. seen];
    }

    /// <summary>A DTO that wrongly holds a domain record, to prove the walk finds it.</summary>
    private sealed record Probe(string Name, IReadOnlyList<Gastown.Domain.Beads.Bead> Beads);
}
