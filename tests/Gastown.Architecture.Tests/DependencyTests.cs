using System.Runtime.InteropServices;

namespace Gastown.Architecture.Tests;

public sealed class DependencyTests
{
    /// <summary>Assemblies of the shared framework every .NET app runs on (System.*, netstandard, …).</summary>
    private static readonly HashSet<string> BaseClassLibrary =
        Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.OrdinalIgnoreCase)!;

    [Fact]
    public void Domain_references_only_the_base_class_library()
    {
        var references = Assemblies.Domain.References();

        references.ShouldNotBeEmpty();
        references.Where(name => !BaseClassLibrary.Contains(name)).ShouldBeEmpty();
        references.ShouldNotContain(name => name.StartsWith("Gastown", StringComparison.Ordinal));
    }

    [Fact]
    public void Application_references_neither_Infrastructure_nor_Web()
    {
        var references = Assemblies.Application.References();

        references.ShouldContain("Gastown.Domain");
        references.ShouldNotContain("Gastown.Infrastructure");
        references.ShouldNotContain("Gastown.Web");
    }

    [Theory]
    [InlineData("Dapper")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Quartz")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.IdentityModel")]
    public void Application_speaks_to_storage_scheduling_and_http_only_through_its_ports(string technology) =>
        Assemblies.Application.References().ShouldNotContain(name => name.StartsWith(technology, StringComparison.Ordinal));

    [Fact]
    public void Infrastructure_does_not_reference_Web() =>
        Assemblies.Infrastructure.References().ShouldNotContain("Gastown.Web");

    [Fact]
    public void The_base_class_library_check_knows_the_framework()
    {
        // Guards the guard: if the runtime folder were wrong, the Domain test would pass vacuously or fail for nothing.
        BaseClassLibrary.ShouldContain("System.Runtime");
        BaseClassLibrary.ShouldContain("System.Linq");
        BaseClassLibrary.ShouldNotContain("Dapper");
        BaseClassLibrary.ShouldNotContain("Mediator.Abstractions");
    }
}
