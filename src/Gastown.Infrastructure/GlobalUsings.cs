// What nearly every file of this project uses (as jasontaylordev/CleanArchitecture does); a file names the rest.
global using System.Collections.Concurrent;
global using System.Diagnostics;
global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using Ardalis.Result;
global using Dapper;
global using Gastown.Application.Common.Ports;
global using Gastown.Domain;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
