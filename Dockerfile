# Builds the gateway (a silo of the cluster itself) and the standalone silo into one image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Api/Api.csproj -c Release -o /app/api \
 && dotnet publish Silo/Silo.csproj -c Release -o /app/silo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/api/TicketBoss.Api.dll"]
