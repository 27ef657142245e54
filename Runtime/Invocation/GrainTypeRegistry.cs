using System.Reflection;

namespace TicketBoss.Runtime.Invocation;

/// <summary>Maps grain interfaces to grain type names, and type names to implementation classes and callable methods.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, Type> _implementations = [];
    private readonly Dictionary<(string Type, string Method), GrainMethod> _methods = [];

    /// <summary>Registers <typeparamref name="TImplementation"/> as the grain behind <typeparamref name="TInterface"/>.</summary>
    public void Add<TInterface, TImplementation>() where TInterface : IGrain where TImplementation : Grain, TInterface
    {
        var name = TypeNameOf(typeof(TInterface));
        _implementations[name] = typeof(TImplementation);
        foreach (var method in typeof(TInterface).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!_methods.TryAdd((name, GrainMethod.KeyOf(method)), GrainMethod.For(method)))
            {
                throw new NotSupportedException($"{typeof(TInterface).Name} has two methods named {method.Name} with the same number of parameters.");
            }
        }
    }

    /// <summary>
    /// The grain type name of an interface: its name without the leading I (<c>IEventGrain</c> is <c>EventGrain</c>).
    /// Clients derive it without knowing the implementation, so both ends agree.
    /// </summary>
    public static string TypeNameOf(Type grainInterface)
    {
        var name = grainInterface.Name;
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name[1..] : name;
    }

    public Type ImplementationOf(string typeName) =>
        _implementations.TryGetValue(typeName, out var type)
            ? type
            : throw new InvalidOperationException($"No grain type named {typeName}.");

    /// <summary>The method a remote call names, or null when this silo has no such grain method.</summary>
    internal GrainMethod? FindMethod(string typeName, string wireName) =>
        _methods.TryGetValue((typeName, wireName), out var method) ? method : null;
}
