using Gastown.Application.Common.Security;

namespace Gastown.Application.Towns.ListTowns;

internal sealed class ListTownsAuthorizer(ResourceAccess access) : SignedInUserAuthorizer<ListTowns>(access);
