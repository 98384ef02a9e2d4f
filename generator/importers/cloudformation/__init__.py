"""The CloudFormation/SAM importer: read a template (:mod:`.reader`, :mod:`.template`), classify
its resources (:mod:`.catalog`), and find connections with one extractor per kind of wiring
(:mod:`.events`, :mod:`.lambda_wiring`, :mod:`.service_wiring`, :mod:`.apigw`,
:mod:`.policies`); :mod:`.build` assembles the spec. The public entry points are in
:mod:`generator.importers`."""
