namespace TicketBoss.Runtime.Invocation;

/// <summary>Creates grain references whose calls go to the given sender.</summary>
internal sealed class GrainFactory(IGrainCallSender sender) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var id = new GrainId(GrainTypeRegistry.TypeNameOf(typeof(TGrainInterface)), key);
        return GrainProxy.Create<TGrainInterface>(id, sender);
    }
}
