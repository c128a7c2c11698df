using System.Linq.Expressions;
using System.Reflection;

namespace Gastown.Application.Common.Validation;

/// <summary>
/// One rule for every request's ids: each <see cref="Guid"/> field must be a UUID, not the empty one. Registered for
/// every request type, so no validator repeats it; a request's own validator checks the rest of its fields.
/// </summary>
internal sealed class RequestIdsValidator<TRequest> : AbstractValidator<TRequest>
{
    public RequestIdsValidator()
    {
        var request = Expression.Parameter(typeof(TRequest), "x");
        foreach (var id in typeof(TRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(Guid)))
            RuleFor(Expression.Lambda<Func<TRequest, Guid>>(Expression.Property(request, id), request)).MustBeId();
    }
}
