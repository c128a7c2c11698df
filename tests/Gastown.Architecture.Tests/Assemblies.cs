using System.Reflection;

namespace Gastown.Architecture.Tests;

/// <summary>The four production assemblies, found through a type each one is known to hold.</summary>
internal static class Assemblies
{
    public static readonly Assembly Domain = typeof(Gastown.Domain.EnumText).Assembly;
    public static readonly Assembly Application = typeof(Gastown.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Gastown.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly Web = typeof(Program).Assembly;

    public static readonly IReadOnlyList<Assembly> All = [Domain, Application, Infrastructure, Web];

    public static IReadOnlyList<string> References(this Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(reference => reference.Name!).Order(StringComparer.Ordinal)];

    /// <summary>Types written for Gastown (not compiler- or generator-made helpers outside its namespaces).</summary>
    public static IEnumerable<Type> GastownTypes(this Assembly assembly) =>
        assembly.GetTypes().Where(type => type.Namespace?.StartsWith("Gastown", StringComparison.Ordinal) == true);

    public static IEnumerable<Type> ClosedInterfaces(this Type type, Type openGeneric) =>
        type.GetInterfaces().Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == openGeneric);

    public static bool IsConcrete(this Type type) => !type.IsAbstract && !type.IsInterface && !type.IsGenericTypeDefinition;
}
