namespace TicketBoss.Runtime;

/// <summary>Hands out references to grains; a reference is cheap and the grain is activated on first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
