using System.Collections;
using System.Reflection;

namespace Gateway.Configuration;

/// <summary>
/// Finds the keys that no settings property takes, which the binder would pass over in silence: a <c>Retenion</c> would
/// leave the default retention in force. Every such key is reported with its full path, nested ones included.
/// </summary>
/// <remarks>
/// Not the binder's <c>ErrorOnUnknownConfiguration</c>: it throws at the first object holding an unknown key, so it names
/// neither the path nor every key, and a policy's keys belong to two types at once (the common options and the settings of
/// its scheme).
/// </remarks>
internal static class UnknownSettings
{
    /// <summary>Adds an error for each key under <paramref name="section"/> that none of <paramref name="types"/> takes.</summary>
    public static void Report(IConfigurationSection section, IReadOnlyCollection<Type> types, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var property = types.SelectMany(Bindable).FirstOrDefault(p => string.Equals(KeyOf(p), child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var known = types.SelectMany(Bindable).Select(KeyOf).Distinct().Order(StringComparer.Ordinal);
                errors.Add($"{child.Path} is not a known setting; known here: {string.Join(", ", known)}.");
                continue;
            }

            ReportValue(child, property.PropertyType, errors);
        }
    }

    private static void ReportValue(IConfigurationSection section, Type type, List<string> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsObject(type))
        {
            Report(section, [type], errors);
        }
        else if (ElementType(type) is { } element)
        {
            // Children of a list are its items (Secrets:0, Secrets:1), of a dictionary its entries: keyed by the operator.
            foreach (var item in section.GetChildren())
            {
                ReportValue(item, element, errors);
            }
        }
        else
        {
            foreach (var child in section.GetChildren())
            {
                errors.Add($"{child.Path} is not a known setting; {section.Path} takes a single value.");
            }
        }
    }

    /// <summary>The key the binder reads for a property: its name, or the one <see cref="ConfigurationKeyNameAttribute"/> gives.</summary>
    private static string KeyOf(PropertyInfo property) => property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    /// <summary>The properties the binder sets, or fills in place.</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p =>
            p.GetIndexParameters().Length == 0
            && p.GetMethod is { IsPublic: true }
            && (p.SetMethod is { IsPublic: true } || (p.PropertyType.IsClass && p.PropertyType != typeof(string))));

    private static bool IsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>The type of a collection's items, or of a dictionary's values; null for a single value.</summary>
    private static Type? ElementType(Type type)
    {
        var generic = type == typeof(string) ? [] : type.GetInterfaces().Append(type).Where(i => i.IsGenericType).ToArray();
        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[1]
            ?? generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
