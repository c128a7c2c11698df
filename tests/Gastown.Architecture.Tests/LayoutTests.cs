using System.Reflection;
using Gastown.Application.Common.Ports;
using Mediator;

namespace Gastown.Architecture.Tests;

/// <summary>
/// Where code lives. Application/Common holds only cross-cutting code (behaviours, security, paging, validation and
/// the ports); the dispatch model (sling, roster, dispatching, alarm phases) has its own home, Application/Dispatch.
/// And one public type per file, so a type is found by its name.
/// </summary>
public sealed class LayoutTests
{
    private const string CommonNamespace = "Gastown.Application.Common";
    private const string PortsNamespace = "Gastown.Application.Common.Ports";

    /// <summary>What scheduling code needs: the container, the alarm scheduler, the dispatch model.</summary>
    private static readonly string[] SchedulingNames = ["ITownContainer", "IAlarmScheduler", "Gastown.Application.Dispatch"];

    private static readonly IReadOnlyList<Type> CommonTypes =
        [.. Assemblies.Application.GetTypes().Where(type => IsIn(type, CommonNamespace) && !IsIn(type, PortsNamespace))];

    private static bool IsIn(Type type, string ns) => type.Namespace == ns || type.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true;

    private static bool IsScheduling(Type type) =>
        type == typeof(ITownContainer) || type == typeof(IAlarmScheduler) || IsIn(type, "Gastown.Application.Dispatch")
        || (type.IsGenericType && type.GetGenericArguments().Any(IsScheduling))
        || (type.HasElementType && IsScheduling(type.GetElementType()!));

    /// <summary>Every type a type's members name: fields, properties, constructor and method signatures.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(all)) yield return field.FieldType;
        foreach (var property in type.GetProperties(all)) yield return property.PropertyType;
        foreach (var constructor in type.GetConstructors(all))
            foreach (var parameter in constructor.GetParameters()) yield return parameter.ParameterType;
        foreach (var method in type.GetMethods(all))
        {
            yield return method.ReturnType;
            foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
        }
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var contract in type.GetInterfaces()) yield return contract;
    }

    [Fact]
    public void The_scan_finds_the_cross_cutting_code()
    {
        CommonTypes.Select(type => type.Name).ShouldContain("AgentAccess");
        CommonTypes.Select(type => type.Name).ShouldContain("BeadCursorText");
        CommonTypes.ShouldContain(type => type.Name.StartsWith("ValidationBehaviour", StringComparison.Ordinal));
        // Guards the guard: the dispatch model is scheduling code.
        IsScheduling(typeof(Gastown.Application.Dispatch.Slinger)).ShouldBeTrue();
        IsScheduling(typeof(Task<ITownContainer>)).ShouldBeTrue();
        IsScheduling(typeof(ILedgerStores)).ShouldBeFalse();
    }

    [Fact]
    public void No_type_in_Application_Common_outside_the_ports_names_scheduling_code()
    {
        var offenders =
            from type in CommonTypes
            from used in SignatureTypes(type)
            where IsScheduling(used)
            select $"{type.FullName} uses {used}";

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void No_source_in_Application_Common_outside_the_ports_mentions_scheduling_code()
    {
        // Method bodies too: what reflection over signatures cannot see.
        var offenders =
            from path in SourceFiles.Under("Gastown.Application/Common")
            where !SourceFiles.Relative(path).StartsWith("src/Gastown.Application/Common/Ports/", StringComparison.Ordinal)
            let text = File.ReadAllText(path)
            from name in SchedulingNames
            where text.Contains(name, StringComparison.Ordinal)
            select $"{SourceFiles.Relative(path)} mentions {name}";

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void The_dispatch_model_lives_in_Application_Dispatch()
    {
        string[] dispatchModel = ["Slinger", "SlingResult", "PolecatRoster", "AcquiredPolecat", "Dispatching", "StartRecorded", "LedgerChanges",
            "PatrolPhase", "SchedulePhase", "MayorPhase", "ReviewPhase", "TickTally"];

        var found = Assemblies.Application.GetTypes().Where(type => dispatchModel.Contains(type.Name)).ToList();

        found.Select(type => type.Name).ShouldBe(dispatchModel, ignoreOrder: true);
        found.ShouldAllBe(type => IsIn(type, "Gastown.Application.Dispatch"));
    }

    public static TheoryData<string> SourcePaths =>
        [.. new[] { "Gastown.Domain", "Gastown.Application", "Gastown.Infrastructure", "Gastown.Web" }
            .SelectMany(SourceFiles.Under).Select(SourceFiles.Relative)];

    /// <summary>
    /// One public top-level type per file, named like the file. The one exception is this round's convention for
    /// use cases: a request's file (named after the request) also holds its procedure-specific response records.
    /// </summary>
    [Theory]
    [MemberData(nameof(SourcePaths))]
    public void Each_file_holds_one_public_top_level_type_named_like_it(string relativePath)
    {
        var path = Path.Combine(SourceFiles.Root, relativePath);
        var name = Path.GetFileNameWithoutExtension(path);
        var types = SourceFiles.PublicTopLevelTypes(path);
        if (types.Count == 0) return;

        if (RequestNames.Contains(name))
        {
            types.ShouldContain(type => type.Name == name, $"{relativePath} is named after a request it does not declare");
            types.Where(type => type.Name != name).ShouldAllBe(type => type.Kind == "record",
                $"{relativePath}: besides the request, only its response records may be public here");
            return;
        }
        types.Select(type => type.Name).ShouldBe([name], $"{relativePath} should declare exactly one public top-level type, {name}");
    }

    [Fact]
    public void The_type_scan_reads_declarations()
    {
        // Guards the guard: the regex sees a known multi-type use-case file and a known single-type file.
        SourceFiles.PublicTopLevelTypes(Path.Combine(SourceFiles.Src, "Gastown.Domain/Beads/Bead.cs")).ShouldBe([("record", "Bead")]);
        SourceFiles.PublicTopLevelTypes(Path.Combine(SourceFiles.Src, "Gastown.Application/Common/Paging/IPage.cs")).ShouldBe([("interface", "IPage")]);
        SourceFiles.PublicTopLevelTypes(Path.Combine(SourceFiles.Src, "Gastown.Application/Dispatch/LedgerChanges.cs")).ShouldBe([("class", "LedgerChanges")]);
        SourcePaths.Count.ShouldBeGreaterThan(100);
    }

    private static readonly HashSet<string> RequestNames =
        [.. Assemblies.Application.GastownTypes().Where(type => type.IsConcrete() && typeof(IMessage).IsAssignableFrom(type)).Select(type => type.Name)];
}
