using System.Reflection;
using FluentValidation;
using Gastown.Application.Common.Security;
using Mediator;

namespace Gastown.Architecture.Tests;

/// <summary>
/// Every dashboard, agent, operator and alarm procedure is a request that says who may send it (one access marker, or
/// its own authorizer), with a validator and an internal handler.
/// </summary>
public sealed class RequestTests
{
    private static readonly Type[] HandlerContracts =
    [
        typeof(ICommandHandler<,>), typeof(IQueryHandler<,>), typeof(IRequestHandler<,>), typeof(INotificationHandler<>),
        typeof(IStreamCommandHandler<,>), typeof(IStreamQueryHandler<,>), typeof(IStreamRequestHandler<,>),
    ];

    public static IReadOnlyList<Type> Requests { get; } =
        [.. Assemblies.Application.GastownTypes().Where(type => type.IsConcrete() && typeof(IMessage).IsAssignableFrom(type))];

    public static TheoryData<string> RequestNames => [.. Requests.Select(type => type.FullName!)];

    private static Type Request(string name) => Requests.Single(type => type.FullName == name);

    private static IReadOnlyList<Type> Implementations(Type openContract, Type request) =>
        [.. Assemblies.Application.GetTypes().Where(type => type.IsConcrete() && type.ClosedInterfaces(openContract).Any(c => c.GetGenericArguments()[0] == request))];

    [Fact]
    public void The_scan_finds_the_requests()
    {
        Requests.Select(type => type.Name).ShouldContain("CreateTownCommand");
        Requests.Select(type => type.Name).ShouldContain("ListBeadsQuery");
        Requests.Select(type => type.Name).ShouldContain("RunAlarmTickCommand");
    }

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Every_request_is_named_for_what_it_is(string name)
    {
        // A command changes something, a query reads: the suffix says which, and the name never clashes with the
        // use case's own namespace (Beads.ListBeads.ListBeadsQuery, not Beads.ListBeads.ListBeads).
        var request = Request(name);
        var suffix = typeof(ICommand).IsAssignableFrom(request) || request.ClosedInterfaces(typeof(ICommand<>)).Any() ? "Command"
            : typeof(IQuery<>) is var query && request.ClosedInterfaces(query).Any() ? "Query" : null;
        if (suffix is null) return;
        request.Name.ShouldEndWith(suffix, Case.Sensitive, $"{request.Name} is an I{suffix}");
        request.Namespace!.Split('.').ShouldNotContain(request.Name);
    }

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Every_request_says_who_may_send_it_exactly_once(string name)
    {
        // One access marker (IRigRequest, ITownRequest, IAgentRequest, IMayorRequest, IUserRequest, ISystemRequest),
        // whose authorizer the pipeline uses; or, without one, exactly one authorizer class of its own.
        var request = Request(name);
        var markers = Gastown.Application.DependencyInjection.AccessMarkers.Keys.Where(marker => marker.IsAssignableFrom(request)).ToList();
        var own = Implementations(typeof(IAuthorizer<>), request).Where(type => !type.IsGenericType).ToList();
        (markers.Count + own.Count).ShouldBe(1,
            $"{request.Name} needs exactly one access marker or one IAuthorizer<{request.Name}> (markers: {string.Join(", ", markers.Select(m => m.Name))}; "
            + $"authorizers: {string.Join(", ", own.Select(a => a.Name))})");
    }

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Every_request_with_fields_besides_its_ids_has_a_validator(string name)
    {
        // Its ids (Guid fields) are every request's: RequestIdsValidator checks them.
        var request = Request(name);
        if (request.GetProperties(BindingFlags.Public | BindingFlags.Instance).All(property => property.PropertyType == typeof(Guid))) return;

        Implementations(typeof(IValidator<>), request).ShouldNotBeEmpty($"{request.Name} has fields but no IValidator<{request.Name}>");
    }

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Every_request_has_one_handler_beside_it(string name)
    {
        var request = Request(name);
        var handlers = HandlerContracts.SelectMany(contract => Implementations(contract, request)).Distinct().ToList();

        handlers.Count.ShouldBe(1, $"{request.Name} needs exactly one handler");
        handlers[0].Namespace.ShouldBe(request.Namespace, $"{request.Name}'s handler belongs in its use case's folder");
    }

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Every_requests_authorizer_sits_beside_it(string name)
    {
        var request = Request(name);
        foreach (var authorizer in Implementations(typeof(IAuthorizer<>), request))
            authorizer.Namespace.ShouldBe(request.Namespace, $"{authorizer.Name} belongs in {request.Name}'s folder");
    }

    [Fact]
    public void Handlers_are_internal()
    {
        var handlers = Assemblies.All
            .SelectMany(assembly => assembly.GastownTypes())
            .Where(type => type.IsConcrete() && HandlerContracts.Any(contract => type.ClosedInterfaces(contract).Any()))
            .ToList();

        handlers.ShouldNotBeEmpty();
        handlers.Where(type => type.IsPublic || type.IsNestedPublic).Select(type => type.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Request_types_are_public_so_the_hosts_can_send_them() =>
        Requests.Where(type => !type.IsPublic).Select(type => type.FullName).ShouldBeEmpty();
}
