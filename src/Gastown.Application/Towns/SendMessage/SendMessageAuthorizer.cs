using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.SendMessage;

internal sealed class SendMessageAuthorizer(ResourceAccess access) : TownOwnerAuthorizer<SendMessage>(access);
