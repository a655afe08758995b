// Compiles the message catalogues (messages/<lang>/*.json) into src/lib/paraglide, as the Vite
// plugin does during dev and build.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config.js';

await compile(paraglideOptions);
