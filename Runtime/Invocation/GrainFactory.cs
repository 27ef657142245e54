namespace TicketBoss.Runtime.Invocation;

/// <summary>Creates grain references whose calls go to the given sender; recent ones are reused.</summary>
internal sealed class GrainFactory(IGrainCallSender sender) : IGrainFactory
{
    private readonly GrainReferenceCache _references = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _references.GetOrAdd(key, () =>
            GrainProxy.Create<TGrainInterface>(new GrainId(GrainTypeRegistry.TypeNameOf(typeof(TGrainInterface)), key), sender));
    }
}
