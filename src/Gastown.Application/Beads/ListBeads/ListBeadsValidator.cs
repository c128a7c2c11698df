using FluentValidation;
using Gastown.Application.Common.Paging;
using Gastown.Application.Common.Validation;
using Gastown.Domain;
using Gastown.Domain.Beads;

namespace Gastown.Application.Beads.ListBeads;

internal sealed class ListBeadsValidator : AbstractValidator<ListBeads>
{
    public ListBeadsValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.Status)
            .Must(status => EnumText.TryParse<BeadStatus>(status, out _))
            .When(x => x.Status is not null)
            .WithMessage($"'status' must be one of {string.Join(", ", EnumText.Names<BeadStatus>())}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListBeads.MaxLimit);
        RuleFor(x => x.Cursor)
            .Must(cursor => BeadCursorText.TryDecode(cursor, out _))
            .WithMessage("'cursor' is not a cursor this server handed out.");
    }
}
