export type { AcmConfig, DeployConfig, LoadedAcmConfig, SecretsConfig } from './acm-config.js';
export { CONFIG_FILE_NAME, findConfigFile, loadAcmConfig, parseAcmConfig, parseEnvFile, pickSetting, secretEnvironment } from './acm-config.js';
