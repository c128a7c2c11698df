namespace Gastown.Application.Convoys.RecoverConvoys;

internal sealed class RecoverConvoysValidator : AbstractValidator<RecoverConvoysCommand>;
