namespace TicketBoss.Runtime.Invocation;

/// <summary>Maps grain interfaces to their grain type names and implementation classes.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, string> _typeNames = [];
    private readonly Dictionary<string, Type> _implementations = [];

    /// <summary>Registers <typeparamref name="TImplementation"/> as the grain behind <typeparamref name="TInterface"/>.</summary>
    public void Add<TInterface, TImplementation>() where TInterface : IGrain where TImplementation : Grain, TInterface
    {
        var name = typeof(TImplementation).Name;
        _typeNames[typeof(TInterface)] = name;
        _implementations[name] = typeof(TImplementation);
    }

    public string TypeNameOf(Type grainInterface) =>
        _typeNames.TryGetValue(grainInterface, out var name)
            ? name
            : throw new InvalidOperationException($"No grain is registered for {grainInterface.Name}.");

    public Type ImplementationOf(string typeName) =>
        _implementations.TryGetValue(typeName, out var type)
            ? type
            : throw new InvalidOperationException($"No grain type named {typeName}.");
}
