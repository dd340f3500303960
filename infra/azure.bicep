// Azure deployment for Communities of Practice for Microsoft Teams.
// One Linux App Service (Node.js 24 LTS) runs the bot and serves the tab; Azure Bot Service registers the bot
// with the Teams channel; Azure Database for PostgreSQL Flexible Server holds the data.
// Deploy with: az deployment group create -g <rg> -f infra/azure.bicep -p infra/azure.parameters.json
// (or let the Agents Toolkit do it through m365agents.yml).

@maxLength(20)
@minLength(4)
@description('Short prefix used to name every resource, e.g. "cop-uqam".')
param resourceBaseName string

@description('Microsoft Entra app (client) id of the bot, from the app registration.')
param botAadAppClientId string

@secure()
@description('Client secret of the bot app registration.')
param botAadAppClientSecret string

@description('Tenant that owns the bot app registration (single-tenant bot, required since July 2025).')
param botAadAppTenantId string = subscription().tenantId

@description('Tenant allowed to use the app; activities from other tenants are refused.')
param teamsAppTenantId string = subscription().tenantId

@description('Teams app id (manifest id).')
param teamsAppId string

@description('Comma-separated Entra object ids of the administrators allowed to create communities.')
param adminAadObjectIds string = ''

@description('App Service plan SKU.')
param webAppSku string = 'B1'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'copadmin'

@secure()
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

param location string = resourceGroup().location
param botDisplayName string = 'Communautés de pratique'

var serverfarmsName = '${resourceBaseName}-plan'
var webAppName = '${resourceBaseName}-app'
var postgresName = '${resourceBaseName}-pg'
var databaseName = 'communities'

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: { reserved: true }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: postgresName
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '15'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-06-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Lets Azure services (the App Service) reach the server; tighten with VNet integration in production.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-06-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/readyz'
      appCommandLine: 'node dist/src/main.js'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'PORT', value: '8080' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'BOT_TYPE', value: 'SingleTenant' }
        { name: 'BOT_TENANT_ID', value: botAadAppTenantId }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TEAMS_APP_TENANT_ID', value: teamsAppTenantId }
        { name: 'ADMIN_AAD_OBJECT_IDS', value: adminAadObjectIds }
        // Graph with the bot's own Entra app: grant it the application permissions listed in README.md and consent.
        { name: 'GRAPH_TENANT_ID', value: botAadAppTenantId }
        { name: 'GRAPH_CLIENT_ID', value: botAadAppClientId }
        { name: 'GRAPH_CLIENT_SECRET', value: botAadAppClientSecret }
        { name: 'DATABASE_URL', value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require' }
        { name: 'LOG_LEVEL', value: 'info' }
        { name: 'LOG_FORMAT', value: 'json' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

resource botTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output POSTGRES_HOST string = postgres.properties.fullyQualifiedDomainName
