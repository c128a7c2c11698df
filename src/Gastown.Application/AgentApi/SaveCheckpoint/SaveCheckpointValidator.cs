using System.Text.Json;

namespace Gastown.Application.AgentApi.SaveCheckpoint;

internal sealed class SaveCheckpointValidator : AbstractValidator<SaveCheckpointCommand>
{
    public SaveCheckpointValidator()
    {
        RuleFor(x => x.Data)
            .NotEmpty()
            .MaximumLength(SaveCheckpointCommand.MaxLength)
            .Must(BeJson).WithMessage("'data' must be JSON.");
    }

    private static bool BeJson(string data)
    {
        try
        {
            using var _ = JsonDocument.Parse(data);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
