using System.Reflection;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Gastown.Architecture.Tests;

public sealed class WebTests
{
    private static IReadOnlyList<Type> Controllers { get; } =
        [.. Assemblies.Web.GastownTypes().Where(type => type.IsConcrete() && typeof(ControllerBase).IsAssignableFrom(type))];

    [Fact]
    public void The_scan_finds_the_controllers() => Controllers.Select(type => type.Name).ShouldContain("TownsController");

    [Fact]
    public void Controllers_depend_on_nothing_but_the_mediators_sender()
    {
        foreach (var controller in Controllers)
        foreach (var constructor in controller.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            constructor.GetParameters().Select(parameter => parameter.ParameterType)
                .Where(type => type != typeof(ISender))
                .ShouldBeEmpty($"{controller.Name} should take only ISender");
    }

    [Fact]
    public void Controller_actions_take_no_services_either()
    {
        var injected =
            from controller in Controllers
            from action in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            from parameter in action.GetParameters()
            where parameter.GetCustomAttribute<FromServicesAttribute>() is not null
            select $"{controller.Name}.{action.Name}({parameter.Name})";

        injected.ShouldBeEmpty();
    }
}
