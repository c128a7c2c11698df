using Gastown.Application.Common.Security;

namespace Gastown.Application.AgentApi.SaveCheckpoint;

internal sealed class SaveCheckpointAuthorizer(AgentAccess access) : AgentSelfAuthorizer<SaveCheckpoint>(access);
