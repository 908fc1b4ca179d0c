/** The Joulebench version, from package.json: shown by /api/health and recorded by runners with each result. */
import packageJson from "../package.json";

export const APP_VERSION: string = packageJson.version;
