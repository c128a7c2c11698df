// What nearly every file of this project uses (as jasontaylordev/CleanArchitecture does); a file names the rest.
global using Ardalis.Result;
global using FluentValidation;
global using Gastown.Application.Common.Ports;
global using Gastown.Application.Common.Security;
global using Gastown.Application.Common.Settings;
global using Gastown.Application.Common.Validation;
global using Gastown.Domain;
global using Gastown.Domain.Agents;
global using Gastown.Domain.Beads;
global using Gastown.Domain.Convoys;
global using Gastown.Domain.Ledgers;
global using Gastown.Domain.Mail;
global using Gastown.Domain.Reviews;
global using Gastown.Domain.Rigs;
global using Mediator;
global using Microsoft.Extensions.Options;
