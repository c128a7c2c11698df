using System.Collections.Concurrent;
using System.Text;

namespace Gastown.Domain;

/// <summary>
/// The one spelling of enum values outside the process: lowercase words joined by '_' (InProgress → "in_progress").
/// Used for JSON, query strings and SQLite columns alike, so a value never travels as a number or in PascalCase.
/// </summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByText, Dictionary<object, string> ByValue)> Maps = new();

    public static string ToText<TEnum>(this TEnum value) where TEnum : struct, Enum => Spelling<TEnum>.ByValue[value];

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Map(typeof(TEnum)).ByText.TryGetValue(text, out var boxed))
        {
            value = (TEnum)boxed;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>All spellings of an enum, for validation messages ("one of open, in_progress, …").</summary>
    public static IReadOnlyCollection<string> Names<TEnum>() where TEnum : struct, Enum => Map(typeof(TEnum)).ByText.Keys;

    public static string ToSnakeCase(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(pascal[i]));
        }
        return text.ToString();
    }

    // Keyed by the enum itself: no boxing per call (this runs for every enum column of every row written).
    private static class Spelling<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = Build();

        private static Dictionary<TEnum, string> Build()
        {
            // The same spelling as the reverse map: an aliased value keeps the one name Enum.GetName gives it.
            var byValue = new Dictionary<TEnum, string>();
            foreach (var value in Enum.GetValues<TEnum>()) byValue[value] = ToSnakeCase(Enum.GetName(value)!);
            return byValue;
        }
    }

    private static (Dictionary<string, object> ByText, Dictionary<object, string> ByValue) Map(Type type) =>
        Maps.GetOrAdd(type, static t =>
        {
            var byText = new Dictionary<string, object>(StringComparer.Ordinal);
            var byValue = new Dictionary<object, string>();
            foreach (var value in Enum.GetValues(t))
            {
                var text = ToSnakeCase(Enum.GetName(t, value)!);
                byText[text] = value;
                byValue[value] = text;
            }
            return (byText, byValue);
        });
}
