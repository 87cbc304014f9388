/* Word lists for the synthetic catalogue (see synth_words.h: strings are pre-escaped). */
#include "synth/synth_words.h"

#define L(a)                                                                                       \
    {                                                                                              \
        a, (uint32_t)(sizeof a / sizeof a[0])                                                      \
    }

/* ---- Automotive ---- */
static const char *const auto_nouns[] = {
    "Brake Pad Set", "Fuel Pump Module",   "Oil Filter",           "Spark Plug",
    "Wiper Blade",   "Headlight Assembly", "Floor Mats",           "Seat Cover",
    "Alternator",    "Radiator",           "Tail Light",           "Cabin Air Filter",
    "Ignition Coil", "Water Pump",         "Wheel Hub Bearing",    "Car Phone Mount",
    "Tire Inflator", "Jump Starter",       "Steering Wheel Cover", "Oxygen Sensor",
    "Control Arm",   "Shock Absorber",     "Side Mirror",          "Timing Belt Kit"};
static const char *const auto_adjs[] = {"Premium",          "Heavy Duty",      "OEM Replacement",
                                        "Ceramic",          "All-Weather",     "Universal Fit",
                                        "High Performance", "Direct Fit",      "Rust-Resistant",
                                        "Low Profile",      "Caf\\u00e9 Racer"};
static const char *const auto_brands[] = {
    "Delphi", "ACDelco", "Bosch",        "Motorcraft",      "Dorman",
    "Denso",  "MOOG",    "Monroe",       "WeatherTech",     "NGK",
    "Fram",   "Gates",   "BuyAutoParts", "Spectra Premium", "Cardone"};
static const char *const auto_uses[] = {
    "Ford F-150 2009-2014",  "Chevy Silverado 1500",       "Toyota Camry 2012-2017",
    "Honda Civic 2016-2021", "Jeep Wrangler JK",           "Dodge Ram 1500",
    "Nissan Altima",         "most cars, SUVs and trucks", "Subaru Outback 2010-2014"};
static const char *const auto_subcats[] = {
    "Replacement Parts", "Interior Accessories",          "Exterior Accessories",
    "Tools & Equipment", "Lights & Lighting Accessories", "Brake System"};
static const char *const auto_features[] = {
    "Direct replacement for the original part; no modification required",
    "Meets or exceeds OE specifications for fit, form and function",
    "100% tested before leaving the factory", "Please check the fitment chart before ordering",
    "Corrosion-resistant coating for long service life"};

/* ---- Electronics ---- */
static const char *const elec_nouns[] = {"Wireless Earbuds",
                                         "HDMI Cable",
                                         "USB-C Hub",
                                         "Bluetooth Speaker",
                                         "Power Bank",
                                         "Surge Protector",
                                         "Security Camera",
                                         "Soundbar",
                                         "Portable SSD",
                                         "Webcam",
                                         "Wi-Fi Router",
                                         "Mechanical Keyboard",
                                         "Gaming Mouse",
                                         "Smart Plug",
                                         "Projector",
                                         "TV Wall Mount",
                                         "Noise Cancelling Headphones",
                                         "Dash Cam",
                                         "Memory Card"};
static const char *const elec_adjs[] = {"Ultra HD", "4K",         "Wireless",    "Fast Charging",
                                        "Compact",  "Waterproof", "Dual Band",   "Ergonomic",
                                        "Smart",    "Portable",   "Professional"};
static const char *const elec_brands[] = {
    "Anker",  "Sony",    "Logitech", "TP-Link", "Samsung",      "JBL",        "Belkin",
    "UGREEN", "SanDisk", "Roku",     "Wyze",    "AmazonBasics", "Sennheiser", "Edifier"};
static const char *const elec_uses[] = {
    "home theater",    "office and gaming", "travel",      "iPhone, iPad and MacBook",
    "laptops and PCs", "smart TVs",         "outdoor use", "streaming"};
static const char *const elec_subcats[] = {
    "Computers & Accessories", "Headphones",         "Home Audio",
    "Camera & Photo",          "Television & Video", "Accessories & Supplies"};
static const char *const elec_features[] = {
    "Plug and play: no drivers needed on Windows, macOS and Linux",
    "Up to 30 hours of battery life on a single charge",
    "Supports 4K@60Hz with HDR for crisp, vivid pictures",
    "Bluetooth 5.3 for a stable connection up to 33 ft",
    "What you get: the device, a USB-C cable, a user manual and our friendly support"};

/* ---- Office_Products ---- */
static const char *const off_nouns[] = {
    "Ballpoint Pens", "Sticky Notes", "Desk Organizer", "Label Maker",        "File Folders",
    "Stapler",        "Whiteboard",   "Paper Shredder", "Printer Paper",      "Gel Ink Pens",
    "Highlighters",   "Binder Clips", "Desk Lamp",      "Ergonomic Footrest", "Laminator",
    "Envelopes",      "Notebook",     "Calculator"};
static const char *const off_adjs[] = {"Assorted Colors", "Heavy Duty", "Refillable",   "Quick-Dry",
                                       "Recycled",        "Jumbo",      "Professional", "Acid-Free",
                                       "Fine Point",      "Magnetic"};
static const char *const off_brands[] = {"Pilot",     "Post-it", "BIC",        "Sharpie",
                                         "Swingline", "Avery",   "Brother",    "Fellowes",
                                         "Five Star", "Staples", "Paper Mate", "Casio"};
static const char *const off_uses[] = {
    "school and office",      "home office", "teachers", "students", "meetings and presentations",
    "journaling and planning"};
static const char *const off_subcats[] = {"Office & School Supplies",
                                          "Writing & Correction Supplies", "Office Electronics",
                                          "Office Furniture & Lighting", "Paper"};
static const char *const off_features[] = {
    "Smooth writing with smear-resistant ink", "Acid-free and archival quality",
    "Pack of 12 in assorted colors", "Holds up to 250 sheets",
    "Sturdy construction for everyday use at work or school"};

/* ---- Tools_and_Home_Improvement ---- */
static const char *const tool_nouns[] = {
    "Cordless Drill", "Socket Set",     "LED Shop Light", "Circular Saw",     "Tape Measure",
    "Shower Head",    "Kitchen Faucet", "Door Lock",      "Ceiling Fan",      "Tool Box",
    "Extension Cord", "Stud Finder",    "Work Gloves",    "Smart Thermostat", "Wrench Set",
    "Light Switch",   "Impact Driver",  "Wet/Dry Vacuum", "Laser Level"};
static const char *const tool_adjs[] = {
    "Brushless",          "20V MAX",      "Heavy Duty", "Stainless Steel", "Dimmable", "Cordless",
    "Professional Grade", "Weatherproof", "Adjustable", "Magnetic"};
static const char *const tool_brands[] = {"DEWALT",    "Milwaukee",   "BLACK+DECKER", "Makita",
                                          "Craftsman", "Moen",        "Kwikset",      "Stanley",
                                          "Ryobi",     "Klein Tools", "Delta",        "Leviton"};
static const char *const tool_uses[] = {"home improvement",     "garage and workshop",
                                        "bathroom and kitchen", "contractors and DIY",
                                        "outdoor projects",     "woodworking"};
static const char *const tool_subcats[] = {
    "Power & Hand Tools", "Lighting & Ceiling Fans", "Kitchen & Bath Fixtures", "Hardware",
    "Electrical",         "Safety & Security"};
static const char *const tool_features[] = {
    "Brushless motor delivers up to 57% more run time",
    "LED work light illuminates dark work areas",
    "Compact and lightweight design fits into tight areas",
    "Includes 2 batteries, charger and carrying case",
    "Solid brass construction with a lifetime limited warranty"};

/* ---- Cell_Phones_and_Accessories ---- */
static const char *const cell_nouns[] = {
    "Phone Case",     "Screen Protector", "Car Charger",           "Wireless Charger",
    "Charging Cable", "Phone Holder",     "PopSocket Grip",        "Selfie Stick",
    "Wall Charger",   "Smartwatch Band",  "Camera Lens Protector", "Phone Tripod",
    "Wallet Case",    "Bluetooth Headset"};
static const char *const cell_adjs[] = {
    "Shockproof",     "Slim Fit", "Tempered Glass", "MagSafe Compatible",
    "Military Grade", "Clear",    "Fast Charging",  "Anti-Scratch",
    "Braided",        "Magnetic"};
static const char *const cell_brands[] = {"OtterBox", "Spigen",   "ESR",          "Anker",
                                          "Belkin",   "ZAGG",     "Supershieldz", "Miracase",
                                          "JETech",   "Syncwire", "Lamicall"};
static const char *const cell_uses[] = {"iPhone 15 Pro Max",    "iPhone 13",  "Samsung Galaxy S23",
                                        "Google Pixel 8",       "Galaxy A54", "all smartphones",
                                        "iPhone 14 and 14 Plus"};
static const char *const cell_subcats[] = {"Cases, Holsters & Sleeves", "Chargers & Power Adapters",
                                           "Screen Protectors", "Accessories", "Mounts & Stands"};
static const char *const cell_features[] = {
    "Precise cutouts give easy access to all ports and buttons",
    "Raised edges protect the screen and camera from drops",
    "9H hardness resists scratches from keys and knives",
    "Supports wireless charging without removing the case",
    "Lifetime warranty and 24-hour customer service"};

/* ---- Toys_and_Games ---- */
static const char *const toy_nouns[] = {
    "Building Blocks Set", "Board Game",    "Jigsaw Puzzle",  "Plush Toy",
    "Remote Control Car",  "Action Figure", "Dollhouse",      "Card Game",
    "Play Kitchen",        "Science Kit",   "Water Gun",      "Magnetic Tiles",
    "Train Set",           "Art Set",       "Stuffed Animal", "Drone for Kids"};
static const char *const toy_adjs[] = {
    "Educational", "STEM",        "Deluxe",  "Classic", "Giant",
    "Interactive", "Collectible", "Rainbow", "Family",  "Glow-in-the-Dark"};
static const char *const toy_brands[] = {
    "LEGO", "Hasbro",      "Mattel", "Melissa & Doug", "Ravensburger", "Fisher-Price",
    "Nerf", "Magna-Tiles", "Funko",  "Crayola",        "Hot Wheels",   "Spin Master"};
static const char *const toy_uses[] = {"kids ages 3+",     "boys and girls 6-12",
                                       "toddlers",         "family game night",
                                       "adults and teens", "birthday gifts"};
static const char *const toy_subcats[] = {
    "Games & Accessories", "Building Toys", "Stuffed Animals & Plush Toys", "Puzzles",
    "Kids' Electronics",   "Arts & Crafts"};
static const char *const toy_features[] = {
    "Encourages creativity, problem solving and fine motor skills",
    "Made from non-toxic, BPA-free materials", "For 2 to 6 players, ages 8 and up",
    "Pieces store neatly in the included box", "Makes a great gift for birthdays and holidays"};

/* ---- Appliances ---- */
static const char *const app_nouns[] = {"Refrigerator Water Filter",
                                        "Dryer Vent Cleaning Kit",
                                        "Washer Drain Pump",
                                        "Ice Maker",
                                        "Range Hood",
                                        "Dishwasher Rack",
                                        "Oven Heating Element",
                                        "Microwave Turntable",
                                        "Dryer Belt",
                                        "Freezer Door Gasket",
                                        "Garbage Disposal",
                                        "Wine Cooler",
                                        "Countertop Dishwasher",
                                        "Compact Refrigerator",
                                        "Air Fryer Oven"};
static const char *const app_adjs[] = {
    "Replacement", "Stainless Steel", "Energy Star", "Compact",    "Genuine OEM",
    "Built-In",    "Quiet",           "Countertop",  "Heavy Duty", "Portable"};
static const char *const app_brands[] = {"Whirlpool", "GE",           "Frigidaire",   "Samsung",
                                         "LG",        "Bosch",        "Kenmore",      "Maytag",
                                         "EveryDrop", "Broan-NuTone", "InSinkErator", "Danby"};
static const char *const app_uses[] = {"Whirlpool and Kenmore dryers",
                                       "GE side-by-side refrigerators",
                                       "Samsung washers",
                                       "small kitchens and apartments",
                                       "Frigidaire ranges",
                                       "RVs and dorms"};
static const char *const app_subcats[] = {"Parts & Accessories", "Refrigerators", "Dishwashers",
                                          "Ranges, Ovens & Cooktops", "Laundry Appliances"};
static const char *const app_features[] = {
    "Replaces part numbers WP8544771, 8544771, AP6012998 and PS11751363",
    "Reduces lead, chlorine taste and odor", "Fits in a standard 24-inch opening",
    "Easy installation in minutes with no tools required",
    "Certified to NSF/ANSI Standards 42 and 53"};

/* ---- Musical_Instruments ---- */
static const char *const mus_nouns[] = {"Guitar Strings",
                                        "Electric Guitar",
                                        "Ukulele",
                                        "Digital Piano",
                                        "Guitar Tuner",
                                        "Drum Sticks",
                                        "Microphone Stand",
                                        "Audio Interface",
                                        "Guitar Capo",
                                        "Violin",
                                        "Keyboard Stand",
                                        "Guitar Strap",
                                        "Studio Monitor Headphones",
                                        "Effects Pedal",
                                        "Cajon Drum",
                                        "Harmonica"};
static const char *const mus_adjs[] = {"Professional",    "Beginner",  "Acoustic", "Nickel Wound",
                                       "Vintage",         "Full Size", "Clip-On",  "Studio",
                                       "Phosphor Bronze", "Adjustable"};
static const char *const mus_brands[] = {"Fender", "Ernie Ball", "Yamaha", "D'Addario",
                                         "Shure",  "Focusrite",  "Gibson", "Casio",
                                         "Snark",  "Vic Firth",  "Hohner", "Boss"};
static const char *const mus_uses[] = {"acoustic and electric guitars",
                                       "beginners and pros",
                                       "stage and studio",
                                       "kids and adults",
                                       "home recording",
                                       "live performance"};
static const char *const mus_subcats[] = {"Instrument Accessories", "Guitars", "Keyboards & MIDI",
                                          "Studio Recording Equipment", "Drums & Percussion"};
static const char *const mus_features[] = {
    "Precision-wound for a bright, balanced tone",
    "Corrosion-resistant coating keeps strings sounding new",
    "Tunes guitar, bass, violin and ukulele (chromatic mode)",
    "88 weighted keys with graded hammer action",
    "Gauges .010-.046 (Regular Slinky \\u2013 the classic choice)"};

const struct pc_synth_cat pc_synth_cats[] = {
    {"Automotive", "Automotive", 5.3 / 25.02, 32.0, 1.25, 0.42, "Automotive", L(auto_nouns),
     L(auto_adjs), L(auto_brands), L(auto_uses), L(auto_subcats), L(auto_features)},
    {"Electronics", "All Electronics", 5.2 / 25.02, 38.0, 1.35, 0.47, "Electronics", L(elec_nouns),
     L(elec_adjs), L(elec_brands), L(elec_uses), L(elec_subcats), L(elec_features)},
    {"Office_Products", "Office Products", 2.1 / 25.02, 16.0, 1.15, 0.45, "Office Products",
     L(off_nouns), L(off_adjs), L(off_brands), L(off_uses), L(off_subcats), L(off_features)},
    {"Tools_and_Home_Improvement", "Tools & Home Improvement", 4.9 / 25.02, 30.0, 1.30, 0.44,
     "Tools & Home Improvement", L(tool_nouns), L(tool_adjs), L(tool_brands), L(tool_uses),
     L(tool_subcats), L(tool_features)},
    {"Cell_Phones_and_Accessories", "Cell Phones & Accessories", 4.0 / 25.02, 13.0, 0.95, 0.50,
     "Cell Phones & Accessories", L(cell_nouns), L(cell_adjs), L(cell_brands), L(cell_uses),
     L(cell_subcats), L(cell_features)},
    {"Toys_and_Games", "Toys & Games", 2.6 / 25.02, 20.0, 1.10, 0.46, "Toys & Games", L(toy_nouns),
     L(toy_adjs), L(toy_brands), L(toy_uses), L(toy_subcats), L(toy_features)},
    {"Appliances", "Appliances", 0.29 / 25.02, 45.0, 1.45, 0.505, "Appliances", L(app_nouns),
     L(app_adjs), L(app_brands), L(app_uses), L(app_subcats), L(app_features)},
    {"Musical_Instruments", "Musical Instruments", 0.63 / 25.02, 25.0, 1.40, 0.44,
     "Musical Instruments", L(mus_nouns), L(mus_adjs), L(mus_brands), L(mus_uses), L(mus_subcats),
     L(mus_features)},
};

static const char *const sentences[] = {
    "This {A} {N} from {B} is built to last and designed for {U}.",
    "Made of {M}, it resists wear, heat and moisture even after years of daily use.",
    "The {N} measures {S} and weighs only {D} ounces, so it is easy to carry and store.",
    "Every unit is inspected and tested before shipping to make sure it works right out of "
    "the box.",
    "Installation takes about {D} minutes with basic tools; step-by-step instructions are "
    "included.",
    "{B}\\u2122 has been trusted by customers for over {D} years.",
    "Compatible with model {P} and most similar models; please compare the part number "
    "before you order.",
    "Available in {C}, it matches any d\\u00e9cor and looks great at home or at work.",
    "Our customer service team is available 24/7: if you have any question, just contact us "
    "and we will reply within 24 hours.",
    "Package includes: 1 x {N}, 1 x user manual, {D} x mounting screws.",
    "Note: due to different monitor settings, the actual colour may differ slightly from the "
    "pictures.",
    "Operating temperature: -{D}\\u00b0F to 120\\u00b0F; rated for indoor and outdoor use.",
    "The {A} design gives a snug fit and a clean, factory look \\u2013 no drilling, no "
    "cutting.",
    "It is the perfect gift for family and friends who love {U}.",
    "Warranty: {D}-month limited warranty against defects in materials and workmanship.",
    "Dimensions (L x W x H): {S}. Net weight: {D}.{D} lb.",
    "Upgraded in 2023 with a stronger {M} frame and a smoother finish.",
    "We stand behind the quality of every {N} we sell.",
};
const struct pc_synth_list pc_synth_sentences = L(sentences);

static const char *const generic_features[] = {
    "EASY TO USE: set up in minutes, no tools required",
    "DURABLE {M} CONSTRUCTION for years of reliable service",
    "PERFECT FIT for {U}; check model {P} before purchase",
    "WHAT YOU GET: {N} x {D}, instructions and a {D}-year warranty",
    "SIZE: {S}; weight {D} oz",
    "SATISFACTION GUARANTEED \\u2013 30-day money-back, no questions asked",
    "{A} DESIGN: stylish {C} finish that goes with everything",
    "Premium {M} for a sturdy, long-lasting {N}",
    "Trusted brand: {B}\\u00ae quality you can count on",
};
const struct pc_synth_list pc_synth_generic_features = L(generic_features);

static const char *const materials[] = {
    "stainless steel", "ABS plastic", "aluminum alloy",  "silicone", "solid wood", "tempered glass",
    "carbon fiber",    "nylon",       "genuine leather", "brass",    "cast iron",  "polycarbonate"};
const struct pc_synth_list pc_synth_materials = L(materials);

static const char *const colors[] = {"Black",       "White", "Silver",      "Red",
                                     "Blue",        "Gray",  "Navy Blue",   "Rose Gold",
                                     "Matte Black", "Clear", "Cr\\u00e8me", "Green"};
const struct pc_synth_list pc_synth_colors = L(colors);

static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
const struct pc_synth_list pc_synth_months = L(months);

static const char *const rare[] = {"\\u65e5\\u672c\\u88fd (made in Japan)",
                                   "\\u5bb6\\u5ead\\u7528",
                                   "\\ud83d\\ude97 road ready",
                                   "\\ud83c\\udfb8 rock on",
                                   "\\u2605\\u2605\\u2605\\u2605\\u2605",
                                   "\\u00bd inch",
                                   "\\u2460 \\u2461 \\u2462 steps",
                                   "12\\\" long",
                                   "back\\\\slash model",
                                   "\\u2013 see photos \\u2013"};
const struct pc_synth_list pc_synth_rare = L(rare);

static const char *const video_titles[] = {"How to install", "Product overview",
                                           "Unboxing and first look", "Customer review",
                                           "Quick setup guide"};
const struct pc_synth_list pc_synth_video_titles = L(video_titles);
