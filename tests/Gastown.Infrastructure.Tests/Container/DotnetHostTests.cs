using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Tests.Container;

public sealed class DotnetHostTests
{
    [Fact]
    public void The_dotnet_muxer_is_found()
    {
        var path = DotnetHost.Path;

        Path.GetFileNameWithoutExtension(path).ShouldBe("dotnet");
        Path.IsPathRooted(path).ShouldBeTrue();
        File.Exists(path).ShouldBeTrue();
    }
}
