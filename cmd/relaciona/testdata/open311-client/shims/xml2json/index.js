// Stand-in for open311's dependency xml2json 0.2.x, whose native part
// (node-expat, built with node-waf) no longer builds. open311 uses it only
// in its XML mode, which the end-to-end test does not use: calling it fails
// loudly.
'use strict';
exports.toJson = () => { throw new Error('xml2json stand-in: the XML mode is not driven by this test'); };
