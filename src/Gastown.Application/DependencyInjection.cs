using Gastown.Application.Common;
using Gastown.Application.Common.Behaviours;
using Gastown.Application.Dispatch.Phases;
using Gastown.Application.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator with its pipeline (logging → authorization → validation → handler), every validator and every
    /// authorizer of this assembly, and the per-scope actor.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(DependencyInjection)];
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
            ];
        });

        // One message per field (the first rule that fails), named as the client spells it in JSON.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
        // Singletons: a validator is stateless once built, and building one (FluentValidation's rule expressions) per
        // request was a tenth of a sling's allocations (dotnet-trace, docs/benchmarks.md).
        // Every request's ids first (RequestIdsValidator), then the request's own validator, if it has other fields.
        services.AddSingleton(typeof(IValidator<>), typeof(RequestIdsValidator<>));
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        AddAuthorizers(services);

        services.AddScoped<ActorContext>();
        services.AddScoped<ICurrentActor>(provider => provider.GetRequiredService<ActorContext>());
        services.AddScoped<ResourceAccess>();
        services.AddScoped<AgentAccess>();
        services.AddScoped<TownSettings>();
        services.AddSingleton<Common.Alarms.AlarmTickLog>();
        services.AddSingleton<Dispatch.TownBudgets>();
        services.AddSingleton<Dispatch.RateLimitPauses>();
        services.AddScoped<PolecatRoster>();
        services.AddScoped<Slinger>();
        services.AddScoped<Dispatch.Dependencies>();
        services.AddScoped<Dispatch.ConvoyTracker>();
        services.AddScoped<Dispatch.ConvoyStranding>();
        services.AddScoped<Dispatch.ConvoyBranches>();
        services.AddScoped<Convoys.ConvoyViews>();
        services.AddScoped<Beads.BeadLinks>();
        services.AddScoped<PatrolPhase>();
        services.AddScoped<SchedulePhase>();
        services.AddScoped<MayorPhase>();
        services.AddScoped<ReviewPhase>();
        services.AddSingleton<TimeProvider>(MicrosecondTimeProvider.Instance);
        return services;
    }

    /// <summary>
    /// Who may send a request is said by its access marker (<see cref="IRigRequest"/>, <see cref="ITownRequest"/>, …),
    /// each with its one authorizer; a request without a marker has its own <see cref="IAuthorizer{TRequest}"/> class.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, Type> AccessMarkers = new Dictionary<Type, Type>
    {
        [typeof(IRigRequest)] = typeof(RigOwnerAuthorizer<>),
        [typeof(ITownRequest)] = typeof(TownOwnerAuthorizer<>),
        [typeof(ITownOrMayorRequest)] = typeof(TownOrMayorAuthorizer<>),
        [typeof(IAgentRequest)] = typeof(AgentSelfAuthorizer<>),
        [typeof(IMayorRequest)] = typeof(MayorAuthorizer<>),
        [typeof(IUserRequest)] = typeof(SignedInUserAuthorizer<>),
        [typeof(ISystemRequest)] = typeof(SystemOnlyAuthorizer<>),
    };

    private static void AddAuthorizers(IServiceCollection services)
    {
        var types = typeof(DependencyInjection).Assembly.GetTypes();
        foreach (var request in types.Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(type)))
            foreach (var (marker, authorizer) in AccessMarkers)
                if (marker.IsAssignableFrom(request))
                    services.AddScoped(typeof(IAuthorizer<>).MakeGenericType(request), authorizer.MakeGenericType(request));

        var own =
            from type in types
            where type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
            from contract in type.GetInterfaces()
            where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IAuthorizer<>)
            select (contract, type);
        foreach (var (contract, type) in own)
            services.AddScoped(contract, type);
    }
}
