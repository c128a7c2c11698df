// What nearly every file of this project uses (as jasontaylordev/CleanArchitecture does); a file names the rest.
global using System.Text.Json;
global using Gastown.Web.Http;
global using Gastown.Web.Security;
global using Mediator;
global using Microsoft.AspNetCore.Mvc;
