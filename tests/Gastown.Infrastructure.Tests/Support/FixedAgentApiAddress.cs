using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Tests.Support;

public sealed class FixedAgentApiAddress(string address) : IAgentApiAddress
{
    public Uri BaseAddress { get; } = new(address);
}
