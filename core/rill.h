/* rill.h: umbrella header of librill
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define __RILL_INSIDE__

#include "rill-version.h"
#include "rill-types.h"
#include "rill-enums.h"
#include "rill-error.h"
#include "rill-doc.h"
#include "rill-message.h"
#include "rill-bus.h"
#include "rill-element.h"
#include "rill-source.h"
#include "rill-transform.h"
#include "rill-sink.h"
#include "rill-app-src.h"
#include "rill-app-sink.h"
#include "rill-plugin.h"
#include "rill-element-factory.h"
#include "rill-registry.h"
#include "rill-pipeline.h"
#include "rill-parse.h"
#include "rill-location.h"
#include "rill-url.h"

#undef __RILL_INSIDE__
